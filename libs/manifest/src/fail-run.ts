import { toErrorInfo } from '@reel/error-taxonomy';
import type { JobManifest } from './job-manifest-schema';
import type { JobRef, ManifestStore } from './manifest-store';
import { updateManifest, type UpdateManifestOptions } from './update-manifest';

export interface FailRunOptions extends UpdateManifestOptions {
  /** The run that ends: the job is only changed while `run.runId` is still this one. */
  runId: string;
  /** Why: recorded as the job's typed error (`toErrorInfo`). */
  error: unknown;
  /** The statuses the job may be in for the run to be failed (a run that ended is left alone). */
  statuses: ReadonlyArray<JobManifest['status']>;
}

/**
 * Ends a run that will not finish by itself — cancelled, stopped by `reel serve`, or unable to
 * start — as the status processor ends an ABORTED execution: the job `failed` with `error` while
 * it is still this run's and in one of `statuses`, then the run's lease released (also when the
 * update failed, so the next run need not wait for the lease to expire). Returns the manifest as
 * written.
 *
 * @example
 * await failRun(store, ref, { runId, error: new CancelledError('…'), statuses: ['queued', 'processing'] });
 */
export async function failRun(
  store: ManifestStore,
  ref: JobRef,
  { runId, error, statuses, ...updateOptions }: FailRunOptions,
): Promise<JobManifest> {
  const errorInfo = toErrorInfo(error);
  try {
    return await updateManifest(
      store,
      ref,
      (draft) => {
        if (draft.run?.runId !== runId || !statuses.includes(draft.status)) return;
        draft.status = 'failed';
        draft.error = errorInfo;
      },
      updateOptions,
    );
  } finally {
    await store.releaseRunLease(ref, { runId });
  }
}
