import { InvalidRequestError } from '@reel/error-taxonomy';
import { createRetryPolicy, retry, type RetryOptions, type RetryPolicy } from '@reel/retry-policy';
import type { JobManifest } from './job-manifest-schema';
import type { JobRef, ManifestStore } from './manifest-store';
import { missingJobError } from './store-rules';

/**
 * Conflicts between a job's few writers (a step, the status recorder, the API) clear within a few
 * short rounds, so retries start small and stay under a second.
 */
export const manifestUpdateRetryPolicy: RetryPolicy = createRetryPolicy({
  maxAttempts: 10,
  baseDelayMs: 20,
  maxDelayMs: 1_000,
  backoffRate: 2,
});

/**
 * Changes the manifest, or returns a changed copy. Runs once per try, on a fresh copy of the
 * latest version, so it must not have side effects beyond the manifest.
 */
export type ManifestMutation = (
  draft: JobManifest,
) => void | JobManifest | Promise<void | JobManifest>;

/**
 * Passed through to `retry` from `@reel/retry-policy`. `policy` defaults to
 * {@link manifestUpdateRetryPolicy}; `deadlineAtMs` and `signal` bound the retries by the Lambda's
 * remaining time; `onRetry` can count conflicts (the `RetryAttempts` metric).
 */
export type UpdateManifestOptions = Pick<
  RetryOptions,
  'policy' | 'deadlineAtMs' | 'signal' | 'onRetry'
>;

/**
 * Reads the latest manifest, applies `mutate`, and writes it with the version it read. When another
 * writer got there first (`ConflictError`) it re-reads and applies `mutate` again, with backoff
 * and jitter from the retry policy. `InputMissingError` if the job does not exist.
 *
 * @example
 * await updateManifest(store, { tenantId, jobId }, (draft) => {
 *   draft.status = 'processing';
 * });
 */
export async function updateManifest(
  store: ManifestStore,
  ref: JobRef,
  mutate: ManifestMutation,
  { policy = manifestUpdateRetryPolicy, ...retryOptions }: UpdateManifestOptions = {},
): Promise<JobManifest> {
  return retry(
    async () => {
      const current = await store.get(ref);
      if (current === undefined) throw missingJobError(ref);
      const draft = structuredClone(current);
      const next = (await mutate(draft)) ?? draft;
      if (next.tenantId !== current.tenantId || next.jobId !== current.jobId) {
        throw new InvalidRequestError('A manifest update may not change tenantId or jobId', {
          details: { tenantId: current.tenantId, jobId: current.jobId },
        });
      }
      return store.put(next, { expectedVersion: current.version });
    },
    { policy, ...retryOptions },
  );
}
