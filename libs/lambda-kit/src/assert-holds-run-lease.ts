import { RunLeaseConflictError } from '@reel/error-taxonomy';
import type { JobManifest, ManifestStore } from '@reel/manifest';
import type { JobEventRef } from './job-event';

export interface AssertHoldsRunLeaseOptions {
  manifests: ManifestStore;
  job: JobEventRef;
  /** The step (or `finalize`) asking; named in the refusal. */
  step: string;
  /**
   * The run the manifest records (`manifest.run`). When given, a job with no lease at all still
   * belongs to `job.runId` if that run is the one recorded: the finalizer, retried after it
   * released the lease, records the same outcome again.
   */
  recordedRun?: JobManifest['run'];
}

/**
 * Refuses a step of a run that does not hold its job's run lease — another run took the job over,
 * or the lease was released — with a {@link RunLeaseConflictError}: a Conflict the workflow does
 * not retry, since no retry gives this run the lease back. Nothing is recorded on the manifest,
 * which belongs to the run that holds the lease. A lease that expired but was not taken over is
 * still this run's. Called inside a manifest update's mutation, it is re-checked on every try of
 * that update, right before its conditional write.
 *
 * @example
 * await assertHoldsRunLease({ manifests, job, step: 'transcription' });
 */
export async function assertHoldsRunLease({
  manifests,
  job,
  step,
  recordedRun,
}: AssertHoldsRunLeaseOptions): Promise<void> {
  const { tenantId, jobId, runId } = job;
  const lease = await manifests.getRunLease({ tenantId, jobId });
  if (lease?.runId === runId) return;
  if (lease === undefined && recordedRun !== undefined && recordedRun.runId === runId) return;
  const holder =
    lease === undefined
      ? 'no run holds it now'
      : `run ${lease.runId} holds it since ${lease.acquiredAt}`;
  throw new RunLeaseConflictError(
    `Run ${runId} may not run the ${step} step of job ${jobId}: ${holder}`,
    {
      details: {
        tenantId,
        jobId,
        step,
        runId,
        leaseRunId: lease?.runId ?? null,
        leaseAcquiredAt: lease?.acquiredAt ?? null,
      },
    },
  );
}
