import { ConflictError, InputMissingError, InvalidRequestError } from '@reel/error-taxonomy';
import {
  type DocumentNaming,
  assertStoreEnv,
  prepareVersionedPut,
  staleVersionError as staleDocumentError,
} from '@reel/jobs-table';
import { assertValidId } from '@reel/storage';
import { jobStatuses, type JobManifest, type JobStatus } from './job-manifest-schema';
import { DEFAULT_LIST_LIMIT, MAX_LIST_LIMIT, type JobRef } from './manifest-store';
import { prepareManifestForWrite } from './manifest-validation';

// The rules every ManifestStore enforces the same way, so both backends answer alike.

/** Validates both ids before any path or key is built from them. */
export function assertJobRef(ref: JobRef): JobRef {
  return {
    tenantId: assertValidId('tenantId', ref.tenantId),
    jobId: assertValidId('jobId', ref.jobId),
  };
}

/** How the shared versioned-document rules name a job's manifest in messages and details. */
export function manifestNaming(ref: JobRef): DocumentNaming {
  return {
    subject: `Manifest of job ${ref.jobId}`,
    details: { tenantId: ref.tenantId, jobId: ref.jobId },
  };
}

/** The document `create` writes: valid, in this store's env, at version 1. */
export function prepareCreate(manifest: JobManifest, storeEnv: string): JobManifest {
  assertJobRef(manifest);
  assertStoreEnv(manifest, { storeEnv, ...manifestNaming(manifest) });
  if (manifest.version !== 1) {
    throw new InvalidRequestError(`A new manifest starts at version 1, not ${manifest.version}`, {
      details: { jobId: manifest.jobId, version: manifest.version },
    });
  }
  return prepareManifestForWrite(manifest);
}

/** The document `put` writes: valid, in this store's env, at `expectedVersion + 1`, touched now. */
export function preparePut(
  manifest: JobManifest,
  { storeEnv, expectedVersion, now }: { storeEnv: string; expectedVersion: number; now: Date },
): JobManifest {
  assertJobRef(manifest);
  return prepareManifestForWrite(
    prepareVersionedPut(manifest, {
      storeEnv,
      expectedVersion,
      lowestExpectedVersion: 1,
      now,
      ...manifestNaming(manifest),
    }),
  );
}

/** Checks a `listJobs` status filter that may come straight from a query string. */
export function assertListStatus(status: JobStatus | undefined): JobStatus | undefined {
  if (status === undefined || (jobStatuses as readonly string[]).includes(status)) return status;
  throw new InvalidRequestError(
    `status ${JSON.stringify(String(status).slice(0, 40))} is not a job status`,
    {
      details: { allowed: [...jobStatuses] },
    },
  );
}

export function resolveListLimit(limit: number | undefined): number {
  if (limit === undefined) return DEFAULT_LIST_LIMIT;
  if (!Number.isSafeInteger(limit) || limit < 1 || limit > MAX_LIST_LIMIT) {
    throw new InvalidRequestError(
      `limit must be an integer from 1 to ${MAX_LIST_LIMIT}; got ${limit}`,
      {
        details: { limit },
      },
    );
  }
  return limit;
}

export function jobExistsError(ref: JobRef): ConflictError {
  return new ConflictError(`Job ${ref.jobId} of tenant ${ref.tenantId} already exists`, {
    details: { tenantId: ref.tenantId, jobId: ref.jobId },
    advice:
      'The job was created before (e.g. a repeated upload event); read it instead of creating it.',
  });
}

export function staleVersionError(
  ref: JobRef,
  versions: { expectedVersion: number; actualVersion: number },
): ConflictError {
  return staleDocumentError({ ...manifestNaming(ref), ...versions });
}

export function missingJobError(ref: JobRef): InputMissingError {
  return new InputMissingError(`Job ${ref.jobId} of tenant ${ref.tenantId} has no manifest`, {
    details: { tenantId: ref.tenantId, jobId: ref.jobId },
  });
}
