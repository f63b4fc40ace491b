import { ConflictError, InvalidRequestError } from '@reel/error-taxonomy';
import type { AcquireRunLeaseOptions, JobRef, RunLease } from './manifest-store';

// The run-lease rules both stores enforce the same way, so both backends answer alike.

/** A run id: also a valid Step Functions execution name, and safe in a file or a key. */
export const RUN_ID_PATTERN = /^[A-Za-z0-9_-]{1,80}$/;

/** Longest lease a run may ask for: a day, far beyond the workflow's timeout. */
const MAX_LEASE_TTL_MS = 24 * 60 * 60 * 1000;

/** Checks the caller's `runId`, before anything is read or written. */
export function assertRunId(runId: string): string {
  if (typeof runId === 'string' && RUN_ID_PATTERN.test(runId)) return runId;
  throw new InvalidRequestError(
    `runId ${JSON.stringify(String(runId).slice(0, 100))} is not a run id`,
    {
      details: { pattern: RUN_ID_PATTERN.source },
      advice: 'A run id is 1–80 letters, digits, "-" or "_" (a Step Functions execution name).',
    },
  );
}

/** The lease a successful `acquireRunLease` writes: valid options, times from `now`. */
export function newRunLease(
  { runId, ttlMs, now }: AcquireRunLeaseOptions,
  storeNow: () => Date,
): RunLease {
  assertRunId(runId);
  if (!Number.isSafeInteger(ttlMs) || ttlMs < 1 || ttlMs > MAX_LEASE_TTL_MS) {
    throw new InvalidRequestError(
      `ttlMs must be an integer from 1 to ${MAX_LEASE_TTL_MS}; got ${ttlMs}`,
      { details: { ttlMs } },
    );
  }
  const acquiredAtMs = (now ?? storeNow()).getTime();
  return {
    runId,
    acquiredAt: new Date(acquiredAtMs).toISOString(),
    expiresAt: new Date(acquiredAtMs + ttlMs).toISOString(),
  };
}

/** True once the lease's holder is presumed crashed: at or past `expiresAt`. */
export function isLeaseExpired(lease: RunLease, at: string): boolean {
  return lease.expiresAt <= at;
}

/** The refusal of a second run while `holder` runs the job. */
export function jobRunningError(
  ref: JobRef,
  holder: RunLease,
  requestedRunId: string,
): ConflictError {
  return new ConflictError(
    `Job ${ref.jobId} of tenant ${ref.tenantId} is running (run ${holder.runId}, since ${holder.acquiredAt})`,
    {
      details: {
        tenantId: ref.tenantId,
        jobId: ref.jobId,
        runId: holder.runId,
        acquiredAt: holder.acquiredAt,
        expiresAt: holder.expiresAt,
        requestedRunId,
      },
      advice: `One run per job: wait for run ${holder.runId} to finish, then check the job's status. A run that crashed frees the job when its lease expires at ${holder.expiresAt} (locally, at once when its process has exited).`,
    },
  );
}

/** Parses a stored lease; anything that is not one reads as no lease (it can be taken). */
export function parseRunLease(value: unknown): RunLease | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const { runId, acquiredAt, expiresAt } = value as Record<string, unknown>;
  return typeof runId === 'string' &&
    typeof acquiredAt === 'string' &&
    typeof expiresAt === 'string'
    ? { runId, acquiredAt, expiresAt }
    : undefined;
}
