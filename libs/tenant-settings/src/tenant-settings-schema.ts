import { guardrailOverridesSchema } from '@reel/media-types';
import { BRANDING_FOLDER, assertValidName } from '@reel/storage';
import * as z from 'zod';
import { ladderOptionsSchema } from './ladder-options-schema';
import { renderDefaultsSchema } from './render-defaults-schema';

/**
 * Version of the tenant settings document's shape. Readers migrate version 1
 * (`migrateTenantSettings`) and refuse any other.
 */
export const TENANT_SETTINGS_SCHEMA_VERSION = 2;

/**
 * A tenant's guardrail overrides (`guardrailOverridesSchema` of @reel/media-types, the shape
 * ffmpeg-runtime's `tightenGuardrails` applies): they can only make the platform's limits stricter.
 * Lists replace the platform list (intersected with it), they never extend it.
 */
export const tenantGuardrailsSchema = guardrailOverridesSchema;

/** Keys of the tenant's branding assets; each lies under `{env}/{tenantId}/branding/`. */
export const brandingSchema = z.strictObject({
  logoKey: z.string().optional(),
  watermarkKey: z.string().optional(),
  introKey: z.string().optional(),
  outroKey: z.string().optional(),
});

const webhookUrlSchema = z
  .string()
  .max(2048)
  .refine((value) => URL.canParse(value) && new URL(value).protocol === 'https:', {
    message: 'webhookUrl must be an https:// URL',
  })
  .refine((value) => !URL.canParse(value) || new URL(value).username === '', {
    message: 'webhookUrl must not carry credentials (user:password@)',
  });

/**
 * One tenant's settings in one env. `version` 0 means nothing is stored yet (the defaults);
 * every write stores `version + 1` and stamps `updatedAt`.
 */
export const tenantSettingsSchema = z
  .strictObject({
    schemaVersion: z.literal(TENANT_SETTINGS_SCHEMA_VERSION),
    env: z.string(),
    tenantId: z.string(),
    version: z.number().int().min(0),
    updatedAt: z.iso.datetime().optional(),
    guardrails: tenantGuardrailsSchema,
    render: renderDefaultsSchema,
    ladder: ladderOptionsSchema,
    branding: brandingSchema,
    webhookUrl: webhookUrlSchema.optional(),
  })
  .superRefine(({ env, tenantId, branding }, context) => {
    const folder = `${env}/${tenantId}/${BRANDING_FOLDER}/`;
    for (const [field, key] of Object.entries(branding)) {
      if (key === undefined) continue;
      if (!key.startsWith(folder) || !isValidName(key.slice(folder.length))) {
        context.addIssue({
          code: 'custom',
          path: ['branding', field],
          message: `${field} must be a key under ${folder} (buildBrandingKey)`,
        });
      }
    }
  });

function isValidName(name: string): boolean {
  try {
    assertValidName(name);
    return true;
  } catch {
    return false;
  }
}

export type TenantSettings = z.output<typeof tenantSettingsSchema>;
export type TenantGuardrails = z.output<typeof tenantGuardrailsSchema>;
export type Branding = z.output<typeof brandingSchema>;
