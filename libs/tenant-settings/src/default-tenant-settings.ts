import { assertValidEnv, assertValidId } from '@reel/storage';
import { TENANT_SETTINGS_SCHEMA_VERSION, type TenantSettings } from './tenant-settings-schema';

/**
 * The settings of a tenant that has stored none (version 0): the platform's guardrails as they
 * are, no render choices (the render options' defaults apply), no ladder choices (the platform's
 * ladder applies: its SSM parameter on AWS, then `transcodeOptionsSchema`'s defaults), no
 * branding, no webhook.
 *
 * @example
 * const settings = defaultTenantSettings({ env: 'dev', tenantId: 'acme' });
 * settings.ladder; // → {}
 */
export function defaultTenantSettings({
  env,
  tenantId,
}: {
  env: string;
  tenantId: string;
}): TenantSettings {
  return {
    schemaVersion: TENANT_SETTINGS_SCHEMA_VERSION,
    env: assertValidEnv(env),
    tenantId: assertValidId('tenantId', tenantId),
    version: 0,
    guardrails: {},
    render: {},
    ladder: {},
    branding: {},
  };
}
