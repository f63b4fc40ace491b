import { ConfigInvalidError, ConflictError, InvalidRequestError } from '@reel/error-taxonomy';
import * as z from 'zod';
import { tenantSettingsSchema, type TenantSettings } from './tenant-settings-schema';

// The rules both stores apply the same way, so the backends answer alike.

/** Validates a document read from a store; a damaged one is a ConfigInvalidError naming its source. */
export function parseStoredSettings(
  document: unknown,
  { source, env, tenantId }: { source: string; env: string; tenantId: string },
): TenantSettings {
  const parsed = tenantSettingsSchema.safeParse(document);
  if (!parsed.success) {
    throw new ConfigInvalidError(
      `Tenant settings at ${source} are invalid: ${z.prettifyError(parsed.error)}`,
      {
        cause: parsed.error,
        details: { source, issues: issuesOf(parsed.error) },
        advice: 'Fix the stored settings with `npx reel tenant set --file settings.json`.',
      },
    );
  }
  if (parsed.data.env !== env || parsed.data.tenantId !== tenantId) {
    throw new ConfigInvalidError(`Tenant settings at ${source} belong to another tenant or env`, {
      details: { source, env: parsed.data.env, tenantId: parsed.data.tenantId },
    });
  }
  return parsed.data;
}

/** The document `put` writes: valid, this store's env, at `expectedVersion + 1`, touched now. */
export function preparePut(
  settings: TenantSettings,
  { storeEnv, expectedVersion, now }: { storeEnv: string; expectedVersion: number; now: Date },
): TenantSettings {
  if (!Number.isSafeInteger(expectedVersion) || expectedVersion < 0) {
    throw new InvalidRequestError(
      `expectedVersion must be an integer ≥ 0; got ${expectedVersion}`,
      {
        details: { tenantId: settings.tenantId },
      },
    );
  }
  if (settings.env !== storeEnv) {
    throw new InvalidRequestError(
      `Tenant settings for env ${JSON.stringify(settings.env)} cannot go in a store of env ${JSON.stringify(storeEnv)}`,
      { details: { tenantId: settings.tenantId, env: settings.env, storeEnv } },
    );
  }
  const parsed = tenantSettingsSchema.safeParse({
    ...settings,
    version: expectedVersion + 1,
    updatedAt: now.toISOString(),
  });
  if (!parsed.success) {
    throw new InvalidRequestError(`Tenant settings are invalid: ${z.prettifyError(parsed.error)}`, {
      cause: parsed.error,
      details: { tenantId: settings.tenantId, issues: issuesOf(parsed.error) },
      advice: 'libs/tenant-settings/README.md lists every field and its allowed values.',
    });
  }
  return parsed.data;
}

export function staleVersionError(
  tenantId: string,
  { expectedVersion, actualVersion }: { expectedVersion: number; actualVersion: number },
): ConflictError {
  return new ConflictError(
    `Settings of tenant ${tenantId} are at version ${actualVersion}, not ${expectedVersion}`,
    { details: { tenantId, expectedVersion, actualVersion } },
  );
}

function issuesOf(error: z.ZodError): string[] {
  return error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
}
