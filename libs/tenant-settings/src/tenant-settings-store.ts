import type { TenantSettings } from './tenant-settings-schema';

/** One interface over both backends: a JSON file per tenant locally, an item in the jobs table on AWS. */
export interface TenantSettingsStore {
  /** The tenant's stored settings, or {@link defaultTenantSettings} (version 0) when none are stored. */
  get(tenantId: string): Promise<TenantSettings>;
  /**
   * Stores `settings` as version `expectedVersion + 1`, stamped `updatedAt`. `expectedVersion` is
   * the version that was read (0: none stored). ConflictError when someone wrote first.
   */
  put(settings: TenantSettings, options: { expectedVersion: number }): Promise<TenantSettings>;
}
