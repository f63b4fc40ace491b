import {
  ConflictError,
  InvalidRequestError,
  NotFoundError,
  UnauthorizedError,
} from '@reel/error-taxonomy';
import { assertValidEnv, assertValidId } from '@reel/storage';
import { toApiKeySummary, type ApiKeySummary } from './api-key-record';
import type { ApiKeyStore } from './api-key-store';
import {
  API_KEY_ID_PATTERN,
  generateApiKeyToken,
  hashApiKeySecret,
  hashesMatch,
  parseApiKeyToken,
  tokenOf,
} from './api-key-token';

/** A key just made. `secret` exists only here: it is stored hashed and never shown again. */
export interface CreatedApiKey extends ApiKeySummary {
  secret: string;
}

/** Who a verified key belongs to: the only source of the tenant for an API request. */
export interface VerifiedApiKey {
  tenantId: string;
  keyId: string;
}

/** Tenant API keys over either store (see {@link createApiKeys}). */
export interface ApiKeys {
  /** Makes a key for the tenant; the result's `secret` is the one time the key is visible. */
  createApiKey(options: { tenantId: string; name?: string }): Promise<CreatedApiKey>;
  /**
   * The tenant and key id of a valid, unrevoked key; `UnauthorizedError` otherwise, the same error
   * after the same work (one store read, one hash, one constant-time compare) whether the token is
   * missing, malformed, of another env, unknown, wrong or revoked.
   */
  verifyApiKey(bearerToken: unknown): Promise<VerifiedApiKey>;
  /** The tenant's keys, newest first, revoked ones included; no secrets, no hashes. */
  listApiKeys(tenantId: string): Promise<ApiKeySummary[]>;
  /** Revokes at once (idempotent: revoking again keeps the first time). `NotFoundError` for a key the tenant does not have. */
  revokeApiKey(options: { tenantId: string; keyId: string }): Promise<ApiKeySummary>;
}

export interface CreateApiKeysOptions {
  store: ApiKeyStore;
  /** The env the store holds; part of every token, so a dev key never works in prod. */
  env: string;
  /** Stamps `createdAt` and `revokedAt`; injectable for tests. */
  now?: () => Date;
}

const NAME_PATTERN = /^[\p{L}\p{N}][\p{L}\p{N} ._-]{0,63}$/u;
/** Looked up for a token that names no key, so a malformed token costs a read like any other. */
const PLACEHOLDER_KEY_ID = '000000000000';
/** Compared against when no record is found, so an unknown key id costs a compare like a known one. */
const PLACEHOLDER_SHA256 = hashApiKeySecret('reel: no key has this hash');
const KEY_ID_ATTEMPTS = 3;

/**
 * Tenant API keys: random tokens `reel_{env}_{keyId}_{secret}` (32 random bytes from
 * `crypto.randomBytes`), shown once, stored only as SHA-256, verified with `timingSafeEqual`.
 *
 * @example
 * const apiKeys = createApiKeys({ store: createLocalApiKeyStore({ rootDir, env: 'dev' }), env: 'dev' });
 * const { secret } = await apiKeys.createApiKey({ tenantId: 'acme', name: 'ci' });
 * const { tenantId } = await apiKeys.verifyApiKey(`Bearer ${secret}`); // 'acme'
 */
export function createApiKeys({
  store,
  env,
  now = () => new Date(),
}: CreateApiKeysOptions): ApiKeys {
  assertValidEnv(env);

  return {
    async createApiKey({ tenantId, name }) {
      assertValidId('tenantId', tenantId);
      if (name !== undefined && !NAME_PATTERN.test(name)) {
        throw new InvalidRequestError(
          `Key name ${JSON.stringify(name.slice(0, 40))} is not valid`,
          {
            advice:
              'Name a key with 1–64 letters, digits, spaces, dots, underscores or hyphens, starting with a letter or digit (e.g. ci, laptop, zapier).',
          },
        );
      }
      for (let attempt = 1; ; attempt += 1) {
        const { keyId, secret } = generateApiKeyToken({ env });
        const record = {
          keyId,
          tenantId,
          ...(name === undefined ? {} : { name }),
          secretSha256: hashApiKeySecret(secret),
          createdAt: now().toISOString(),
        };
        try {
          await store.insert(record);
          return { ...toApiKeySummary(record), secret };
        } catch (error) {
          // A key id collision (60 random bits) is drawn again; anything else is the store's error.
          if (!(error instanceof ConflictError) || attempt === KEY_ID_ATTEMPTS) throw error;
        }
      }
    },

    async verifyApiKey(bearerToken) {
      const parsed = parseApiKeyToken(bearerToken);
      const usable = parsed !== undefined && parsed.env === env;
      const record = await store.get(usable ? parsed.keyId : PLACEHOLDER_KEY_ID);
      const matches = hashesMatch(
        hashApiKeySecret(tokenOf(bearerToken)),
        record?.secretSha256 ?? PLACEHOLDER_SHA256,
      );
      if (!usable || record === undefined || !matches || record.revokedAt !== undefined) {
        throw new UnauthorizedError('The API key is missing, malformed, unknown or revoked');
      }
      return { tenantId: record.tenantId, keyId: record.keyId };
    },

    async listApiKeys(tenantId) {
      const records = await store.listByTenant(assertValidId('tenantId', tenantId));
      return records
        .map(toApiKeySummary)
        .sort((a, b) => b.createdAt.localeCompare(a.createdAt) || a.keyId.localeCompare(b.keyId));
    },

    async revokeApiKey({ tenantId, keyId }) {
      assertValidId('tenantId', tenantId);
      const revoked = API_KEY_ID_PATTERN.test(keyId)
        ? await store.revoke({ tenantId, keyId, revokedAt: now().toISOString() })
        : undefined;
      if (revoked === undefined) {
        throw new NotFoundError(
          `Tenant ${tenantId} has no API key ${JSON.stringify(keyId.slice(0, 40))}`,
          {
            details: { tenantId },
            advice: `List the tenant's keys with \`npx reel keys list --tenant ${tenantId}\` and revoke one by its key id.`,
          },
        );
      }
      return toApiKeySummary(revoked);
    },
  };
}
