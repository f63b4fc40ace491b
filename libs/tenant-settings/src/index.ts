export {
  TENANT_SETTINGS_SCHEMA_VERSION,
  brandingSchema,
  tenantGuardrailsSchema,
  tenantSettingsSchema,
} from './tenant-settings-schema';
export type { Branding, TenantGuardrails, TenantSettings } from './tenant-settings-schema';
export { ladderOptionFields, ladderOptionsSchema } from './ladder-options-schema';
export type { LadderOptions } from './ladder-options-schema';
export {
  createPlatformLadderReader,
  createPlatformLadderReaderFromConfig,
} from './platform-ladder';
export type { CreatePlatformLadderReaderOptions, PlatformLadderReader } from './platform-ladder';
export { renderDefaultsSchema } from './render-defaults-schema';
export type { RenderDefaults } from './render-defaults-schema';
export { migrateTenantSettings } from './migrate-tenant-settings';
export type { TenantSettingsStore } from './tenant-settings-store';
export type { PlatformGuardrails } from './assert-guardrails-tighten';
export { updateTenantSettings } from './update-tenant-settings';
export type { UpdateTenantSettingsOptions } from './update-tenant-settings';
export { createTenantSettingsStoreFromConfig } from './create-tenant-settings-store';
export {
  TENANT_SETTINGS_JSON_SCHEMA_PATH,
  tenantSettingsJsonSchema,
} from './tenant-settings-json-schema';
