import { ConflictError, InternalError, toReelError } from '@reel/error-taxonomy';
import {
  assertValidEnv,
  assertValidId,
  readTextIfExists,
  withFileLock,
  writeFileAtomically,
} from '@reel/storage';
import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { Readable } from 'node:stream';
import * as z from 'zod';
import { apiKeyRecordSchema, type ApiKeyRecord } from './api-key-record';
import type { ApiKeyStore } from './api-key-store';

/**
 * The folder of key files under the media root. It starts with a dot, which no key's env segment
 * may, so it is never an object, never listed and never served (like the URL signing secret).
 */
export const API_KEYS_FOLDER = '.reel/api-keys';

const apiKeysFileSchema = z
  .object({
    schemaVersion: z.literal(1),
    env: z.string(),
    apiKeys: z.array(apiKeyRecordSchema),
  })
  .strict();
type ApiKeysFile = z.infer<typeof apiKeysFileSchema>;

export interface LocalApiKeyStoreOptions {
  /** The storage root (`MEDIA_STORAGE_PATH`): keys live in `{rootDir}/.reel/api-keys/{env}.json`. */
  rootDir: string;
  env: string;
}

/**
 * An {@link ApiKeyStore} in one JSON file per env. Every change reads, edits and rewrites the file
 * under a lock file, written to a temp file renamed over the old one (the tenant settings' way), so
 * readers never see half a file and writers in several processes (`reel serve`, `reel keys`) never
 * lose a key. Readers take no lock: a rename is atomic. The folder is 0700: it holds hashes only,
 * but nobody else needs to list them.
 *
 * @example
 * const store = createLocalApiKeyStore({ rootDir: './storage', env: 'dev' });
 */
export function createLocalApiKeyStore({ rootDir, env }: LocalApiKeyStoreOptions): ApiKeyStore {
  if (typeof rootDir !== 'string' || rootDir.length === 0) {
    throw new TypeError('rootDir must be a non-empty path', { cause: { rootDir } });
  }
  assertValidEnv(env);
  const folder = join(resolve(rootDir), API_KEYS_FOLDER);
  const filePath = join(folder, `${env}.json`);

  async function read(): Promise<ApiKeysFile> {
    const text = await readTextIfExists(filePath);
    if (text === undefined) return { schemaVersion: 1, env, apiKeys: [] };
    const parsed = apiKeysFileSchema.safeParse(parseJson(text));
    if (!parsed.success || parsed.data.env !== env) {
      throw new InternalError(`The API keys file ${filePath} is damaged or of another env`, {
        details: { path: filePath },
        advice: `Restore ${filePath} from a backup, or delete it and create the keys again (every key stops working).`,
      });
    }
    return parsed.data;
  }

  /** Runs `edit` on the current file under its lock and writes what it returns, if anything. */
  async function change<Result>(
    edit: (file: ApiKeysFile) => { file?: ApiKeysFile; result: Result },
  ): Promise<Result> {
    await mkdir(folder, { recursive: true, mode: 0o700 });
    return withFileLock(`${filePath}.lock`, async () => {
      const { file, result } = edit(await read());
      if (file !== undefined) {
        const text = `${JSON.stringify(file, null, 2)}\n`;
        await writeFileAtomically({ path: filePath, body: Readable.from([text]) }).catch(
          (error: unknown) => {
            throw toReelError(error);
          },
        );
      }
      return result;
    });
  }

  return {
    async insert(record) {
      const checked = apiKeyRecordSchema.parse(record);
      await change((file) => {
        if (file.apiKeys.some((stored) => stored.keyId === checked.keyId)) {
          throw new ConflictError(`API key id ${checked.keyId} is taken`, {
            details: { keyId: checked.keyId },
          });
        }
        return { file: { ...file, apiKeys: [...file.apiKeys, checked] }, result: undefined };
      });
    },

    async get(keyId) {
      return (await read()).apiKeys.find((stored) => stored.keyId === keyId);
    },

    async listByTenant(tenantId) {
      assertValidId('tenantId', tenantId);
      return (await read()).apiKeys.filter((stored) => stored.tenantId === tenantId);
    },

    async revoke({ tenantId, keyId, revokedAt }) {
      assertValidId('tenantId', tenantId);
      return change((file) => {
        const stored = file.apiKeys.find(
          (candidate) => candidate.keyId === keyId && candidate.tenantId === tenantId,
        );
        if (stored === undefined) return { result: undefined };
        if (stored.revokedAt !== undefined) return { result: stored };
        const revoked: ApiKeyRecord = { ...stored, revokedAt };
        const apiKeys = file.apiKeys.map((candidate) =>
          candidate === stored ? revoked : candidate,
        );
        return { file: { ...file, apiKeys }, result: revoked };
      });
    },
  };
}

/** Text that is not JSON is handed on as-is, so the schema reports it as a damaged file. */
function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}
