import { RunLeaseConflictError } from '@reel/error-taxonomy';
import type { ManifestStore } from '@reel/manifest';
import type { JobEventRef } from './job-event';

/**
 * Refuses a step of a run that does not hold its job's run lease — another run took the job over,
 * or the lease was released — with a {@link RunLeaseConflictError}: a Conflict the workflow does
 * not retry, since no retry gives this run the lease back. Nothing is recorded on the manifest,
 * which belongs to the run that holds the lease. A lease that expired but was not taken over is
 * still this run's.
 *
 * @example
 * await assertHoldsRunLease({ manifests, job, step: 'transcription' });
 */
export async function assertHoldsRunLease({
  manifests,
  job,
  step,
}: {
  manifests: ManifestStore;
  job: JobEventRef;
  step: string;
}): Promise<void> {
  const { tenantId, jobId, runId } = job;
  const lease = await manifests.getRunLease({ tenantId, jobId });
  if (lease?.runId === runId) return;
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
