import { assertValidEnv, assertValidId } from '@reel/storage';
import type { LadderDefaults } from './ladder-options-schema';
import { TENANT_SETTINGS_SCHEMA_VERSION, type TenantSettings } from './tenant-settings-schema';

/**
 * Three rungs and 6 s segments (Apple's HLS authoring guidance). Only these two are filled in for
 * every tenant; the other transcode options come from the platform (its ladder parameter, then
 * `transcodeOptionsSchema`'s defaults) unless the tenant sets them.
 */
export const DEFAULT_LADDER: Readonly<LadderDefaults> = Object.freeze({
  rungs: Object.freeze([1080, 720, 480]) as number[],
  segmentDurationSec: 6,
});

/**
 * The settings of a tenant that has stored none (version 0): the platform's guardrails as they
 * are, no render choices (the render options' defaults apply), the default ladder, no branding,
 * no webhook.
 *
 * @example
 * const settings = defaultTenantSettings({ env: 'dev', tenantId: 'acme' });
 * settings.ladder.rungs; // → [1080, 720, 480]
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
    ladder: { ...DEFAULT_LADDER, rungs: [...DEFAULT_LADDER.rungs] },
    branding: {},
  };
}
