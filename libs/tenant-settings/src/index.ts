export {
  TENANT_SETTINGS_SCHEMA_VERSION,
  brandingSchema,
  ladderDefaultsSchema,
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
export { DEFAULT_LADDER, DEFAULT_RENDER, defaultTenantSettings } from './default-tenant-settings';
export type { TenantSettingsStore } from './tenant-settings-store';
export { assertGuardrailsTighten } from './assert-guardrails-tighten';
export type { PlatformGuardrails } from './assert-guardrails-tighten';
export { updateTenantSettings } from './update-tenant-settings';
export type { UpdateTenantSettingsOptions } from './update-tenant-settings';
export {
  TENANT_SETTINGS_FILE,
  createLocalTenantSettingsStore,
} from './local-tenant-settings-store';
export type { LocalTenantSettingsStoreOptions } from './local-tenant-settings-store';
export {
  TENANT_SETTINGS_KEY_SUFFIX,
  createDynamoTenantSettingsStore,
} from './dynamo-tenant-settings-store';
export type { DynamoTenantSettingsStoreOptions } from './dynamo-tenant-settings-store';
export { createTenantSettingsStoreFromConfig } from './create-tenant-settings-store';
