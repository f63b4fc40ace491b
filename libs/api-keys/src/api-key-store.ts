import type { ApiKeyRecord } from './api-key-record';

/**
 * Where key records live, one interface over both backends (a JSON file per env under the media
 * root's `.reel/` locally, items in the jobs table on AWS). It stores and finds records; creating
 * tokens, hashing and verifying belong to {@link createApiKeys} above it.
 */
export interface ApiKeyStore {
  /** Stores a new record; `ConflictError` when its key id is taken (60 random bits: practically never). */
  insert(record: ApiKeyRecord): Promise<void>;
  /** The record of a key id, whatever its tenant, read consistently (a revocation is seen at once). */
  get(keyId: string): Promise<ApiKeyRecord | undefined>;
  /** Every record of a tenant, revoked ones included, in no particular order. */
  listByTenant(tenantId: string): Promise<ApiKeyRecord[]>;
  /**
   * Sets `revokedAt` on the tenant's key unless already set (the first revocation time stays) and
   * returns the record; `undefined` when the tenant has no key of that id.
   */
  revoke(options: {
    tenantId: string;
    keyId: string;
    revokedAt: string;
  }): Promise<ApiKeyRecord | undefined>;
}
