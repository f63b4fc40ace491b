import {
  assertValidEnv,
  assertValidId,
  readTextIfExists,
  replaceVersionedFile,
} from '@reel/storage';
import { join, resolve } from 'node:path';
import { defaultTenantSettings } from './default-tenant-settings';
import { parseStoredSettings, preparePut, staleVersionError } from './store-rules';
import type { TenantSettings } from './tenant-settings-schema';
import type { TenantSettingsStore } from './tenant-settings-store';

/** Job ids cannot contain a dot, so this file never collides with a job folder. */
export const TENANT_SETTINGS_FILE = 'tenant-settings.json';

export interface LocalTenantSettingsStoreOptions {
  /** The storage root (`MEDIA_STORAGE_PATH`): settings live at `{rootDir}/{env}/{tenantId}/tenant-settings.json`. */
  rootDir: string;
  env: string;
  /** The clock that stamps `updatedAt`; injectable for tests. */
  now?: () => Date;
}

/**
 * A {@link TenantSettingsStore} on the local file system, beside the tenant's job folders. A write
 * goes to a temp file renamed over the old one (readers never see half a file); the version check
 * and the rename happen under a lock file, so writers in several processes never lose an update.
 *
 * @example
 * const store = createLocalTenantSettingsStore({ rootDir: './storage', env: 'dev' });
 * const { ladder } = await store.get('acme');
 */
export function createLocalTenantSettingsStore({
  rootDir,
  env,
  now = () => new Date(),
}: LocalTenantSettingsStoreOptions): TenantSettingsStore {
  if (typeof rootDir !== 'string' || rootDir.length === 0) {
    throw new TypeError('rootDir must be a non-empty path', { cause: { rootDir } });
  }
  assertValidEnv(env);
  const root = resolve(rootDir);
  const settingsPath = (tenantId: string) =>
    join(root, env, assertValidId('tenantId', tenantId), TENANT_SETTINGS_FILE);

  /** The settings stored as `text`, or the defaults (version 0) when none are stored. */
  function parseSettings(tenantId: string, text: string | undefined): TenantSettings {
    if (text === undefined) return defaultTenantSettings({ env, tenantId });
    return parseStoredSettings(parseJson(text), { source: settingsPath(tenantId), env, tenantId });
  }

  return {
    async get(tenantId) {
      return parseSettings(tenantId, await readTextIfExists(settingsPath(tenantId)));
    },

    async put(settings, { expectedVersion }) {
      const document = preparePut(settings, { storeEnv: env, expectedVersion, now: now() });
      const { tenantId } = document;
      await replaceVersionedFile({
        path: settingsPath(tenantId),
        document,
        expectedVersion,
        versionOf: (stored) => parseSettings(tenantId, stored).version,
        staleVersionError: (versions) => staleVersionError(tenantId, versions),
      });
      return document;
    },
  };
}

/** Text that is not JSON is handed on as-is, so the schema reports it as a damaged document. */
function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}
