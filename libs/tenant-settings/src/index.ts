export {
  TENANT_SETTINGS_SCHEMA_VERSION,
  brandingSchema,
  renderDefaultsSchema,
  tenantGuardrailsSchema,
  tenantSettingsSchema,
} from './tenant-settings-schema';
export type {
  Branding,
  LadderDefaults,
  RenderDefaults,
  TenantGuardrails,
  TenantSettings,
} from './tenant-settings-schema';
export { DEFAULT_LADDER, DEFAULT_RENDER } from './default-tenant-settings';
export type { TenantSettingsStore } from './tenant-settings-store';
export type { PlatformGuardrails } from './assert-guardrails-tighten';
export { updateTenantSettings } from './update-tenant-settings';
export type { UpdateTenantSettingsOptions } from './update-tenant-settings';
export { createTenantSettingsStoreFromConfig } from './create-tenant-settings-store';
