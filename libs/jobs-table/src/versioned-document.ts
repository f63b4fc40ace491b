import { ConflictError, InvalidRequestError, type ErrorDetails } from '@reel/error-taxonomy';

// The rules of an optimistic, versioned document (a job's manifest, a tenant's settings, and the
// records later services keep), so every store of every kind answers alike: a write names the
// version it replaces and stores the next one.

/** What a versioned document carries; its stores compare `version` on every write. */
export interface VersionedDocument {
  env: string;
  version: number;
  /** ISO 8601; stamped by the store on every write (absent from a default never stored). */
  updatedAt?: string;
}

/** How a store names its documents in errors: the message's subject and the details' ids. */
export interface DocumentNaming {
  /** Names the document in messages, e.g. `Manifest of job j-1`. */
  subject: string;
  /** Identifies the document in every error's details, e.g. `{ tenantId, jobId }`. */
  details: ErrorDetails;
}

export interface PrepareVersionedPutOptions extends DocumentNaming {
  /** The env of the store written to; a document of another env is refused. */
  storeEnv: string;
  /** The version the stored document must be at; 0 when none is stored yet (if `lowestExpectedVersion` allows it). */
  expectedVersion: number;
  /** 1 when the document must exist before a put (a job's manifest is created first); 0 when a put may create it. */
  lowestExpectedVersion: 0 | 1;
  now: Date;
}

/**
 * The document a `put` writes, before the caller's schema check: in this store's env, at
 * `expectedVersion + 1`, stamped `updatedAt` now.
 *
 * @example
 * const next = prepareVersionedPut(settings, { storeEnv: 'dev', expectedVersion: 0, lowestExpectedVersion: 0, now: new Date(), subject: 'Settings of tenant acme', details: { tenantId: 'acme' } });
 * // next.version === 1
 */
export function prepareVersionedPut<Document extends VersionedDocument>(
  document: Document,
  {
    storeEnv,
    expectedVersion,
    lowestExpectedVersion,
    now,
    subject,
    details,
  }: PrepareVersionedPutOptions,
): Document {
  if (!Number.isSafeInteger(expectedVersion) || expectedVersion < lowestExpectedVersion) {
    throw new InvalidRequestError(
      `expectedVersion must be an integer ≥ ${lowestExpectedVersion}; got ${expectedVersion}`,
      { details },
    );
  }
  assertStoreEnv(document, { storeEnv, subject, details });
  return { ...document, version: expectedVersion + 1, updatedAt: now.toISOString() };
}

/** Refuses a document of another env than the store's (one table or folder holds one env). */
export function assertStoreEnv(
  document: { env: string },
  { storeEnv, subject, details }: DocumentNaming & { storeEnv: string },
): void {
  if (document.env !== storeEnv) {
    throw new InvalidRequestError(
      `${subject} is for env ${JSON.stringify(document.env)}; this store holds ${JSON.stringify(storeEnv)}`,
      { details: { ...details, documentEnv: document.env, storeEnv } },
    );
  }
}

/**
 * A write that named a version other than the stored one: someone wrote in between. Retryable by
 * reading again and re-applying the change (`updateManifest`, `updateTenantSettings` do).
 */
export function staleVersionError({
  subject,
  expectedVersion,
  actualVersion,
  details,
}: DocumentNaming & { expectedVersion: number; actualVersion: number }): ConflictError {
  return new ConflictError(
    `${subject} is stored at version ${actualVersion}, not ${expectedVersion}`,
    {
      details: { ...details, expectedVersion, actualVersion },
      advice:
        'Another writer changed it first: read it again, re-apply the change, and write that.',
    },
  );
}
