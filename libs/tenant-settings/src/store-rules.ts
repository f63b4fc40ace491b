import { ConfigInvalidError, ConflictError, InvalidRequestError } from '@reel/error-taxonomy';
import {
  prepareVersionedPut,
  staleVersionError as staleDocumentError,
  type DocumentNaming,
} from '@reel/jobs-table';
import * as z from 'zod';
import { migrateTenantSettings } from './migrate-tenant-settings';
import { tenantSettingsSchema, type TenantSettings } from './tenant-settings-schema';

// The rules both stores apply the same way, so the backends answer alike.

/**
 * Validates a document read from a store, migrated from an older schema version first; a damaged
 * one is a ConfigInvalidError naming its source.
 */
export function parseStoredSettings(
  document: unknown,
  { source, env, tenantId }: { source: string; env: string; tenantId: string },
): TenantSettings {
  const parsed = tenantSettingsSchema.safeParse(migrateTenantSettings(document));
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

/** How the shared versioned-document rules name a tenant's settings in messages and details. */
export function settingsNaming(tenantId: string): DocumentNaming {
  return { subject: `Settings of tenant ${tenantId}`, details: { tenantId } };
}

/** The document `put` writes: valid, this store's env, at `expectedVersion + 1`, touched now. */
export function preparePut(
  settings: TenantSettings,
  { storeEnv, expectedVersion, now }: { storeEnv: string; expectedVersion: number; now: Date },
): TenantSettings {
  const next = prepareVersionedPut(settings, {
    storeEnv,
    expectedVersion,
    lowestExpectedVersion: 0,
    now,
    ...settingsNaming(settings.tenantId),
  });
  const parsed = tenantSettingsSchema.safeParse(next);
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
  versions: { expectedVersion: number; actualVersion: number },
): ConflictError {
  return staleDocumentError({ ...settingsNaming(tenantId), ...versions });
}

function issuesOf(error: z.ZodError): string[] {
  return error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
}
