import * as z from 'zod';
import { tenantSettingsSchema } from './tenant-settings-schema';

/** Where the checked-in copy of {@link tenantSettingsJsonSchema} lives, relative to the lib root. */
export const TENANT_SETTINGS_JSON_SCHEMA_PATH = 'src/generated/tenant-settings.schema.json';

/**
 * The JSON Schema (draft 2020-12) of a tenant settings document (schema version 2), generated from
 * {@link tenantSettingsSchema}, for editors of `reel tenant set --file` documents and tools outside
 * TypeScript. It checks fields and types; branding keys under the tenant's folder are checked by
 * the zod schema only.
 *
 * @example
 * new Ajv2020().compile(tenantSettingsJsonSchema)(JSON.parse(text));
 */
export const tenantSettingsJsonSchema = /* @__PURE__ */ z.toJSONSchema(tenantSettingsSchema, {
  target: 'draft-2020-12',
  io: 'output',
});
