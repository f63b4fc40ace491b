import { InternalError, toErrorInfo, type ErrorInfo } from '@reel/error-taxonomy';
import { assertHoldsRunLease, type JobContext } from '@reel/lambda-kit';
import {
  finishStepAttempt,
  updateManifest,
  type JobManifest,
  type JobStatus,
} from '@reel/manifest';
import type { FinalizeEvent } from './finalize-event';
import { errorFromTaskFailure, type TaskFailure } from './task-failure';

/**
 * Records how the workflow ended on the job's manifest (re-read and retried on a conflicting
 * write, within the deadline), then gives up the run lease `job.runId` holds, and returns the
 * status it recorded. Only the run that holds the lease records anything — or, once no lease is
 * left, the run the manifest names (`run.runId`), so running it twice records the same outcome
 * and releases nothing more, and the workflow may retry it. Any other run is refused with a
 * non-retryable `RunLeaseConflictError` and the job is left as it is.
 */
export async function finalizeJob({
  event,
  job,
  dependencies: { manifests },
  observability,
  deadlineAtMs,
  signal,
}: JobContext<FinalizeEvent>): Promise<{ status: JobStatus }> {
  const now = new Date();
  const ref = { tenantId: job.tenantId, jobId: job.jobId };
  const manifest = await updateManifest(
    manifests,
    ref,
    async (draft) => {
      // Checked right before the write: a run refused as stale (its MarkFailed caught the
      // refusal) never flips the job another run now holds.
      await assertHoldsRunLease({ manifests, job, step: 'finalize', recordedRun: draft.run });
      return event.action === 'complete'
        ? completeJob(draft)
        : failJob(draft, { failure: event.failure, now });
    },
    { deadlineAtMs, signal },
  );
  await manifests.releaseRunLease(ref, { runId: job.runId });
  observability.logger.info('Job finalized', {
    status: manifest.status,
    errorCode: manifest.error?.code,
    runId: job.runId,
  });
  return { status: manifest.status };
}

/**
 * `completed` when every recorded step succeeded or was skipped; otherwise the workflow ended early
 * without saying so, and the job is `failed` with an Internal error naming the step that is not done.
 */
export function completeJob(manifest: JobManifest): JobManifest {
  const next = structuredClone(manifest);
  const notDone = Object.entries(next.steps).find(
    ([, { status }]) => status !== 'succeeded' && status !== 'skipped',
  );
  if (notDone === undefined) {
    next.status = 'completed';
    delete next.error;
    return next;
  }
  const [step, { status }] = notDone;
  next.status = 'failed';
  next.error = toErrorInfo(
    new InternalError(`The workflow completed, but step ${step} is ${status}, not succeeded`, {
      details: { step, stepStatus: status },
    }),
  );
  return next;
}

/**
 * `failed`, with the job's error taken from the step that failed last in this run (its recorded
 * error carries code, advice and details), else rebuilt from the Task's `Cause`. A step still
 * `running` never reported back (its Lambda was stopped), so its attempt is closed as failed with
 * that error.
 */
export function failJob(
  manifest: JobManifest,
  { failure, now }: { failure: TaskFailure; now: Date },
): JobManifest {
  // The step's own record is richer (details, advice), but only if it is this failure: a step
  // that died without reporting leaves an older run's error as the last one recorded.
  const fromTask = errorFromTaskFailure(failure);
  const recorded = lastStepError(manifest);
  const error = recorded?.type === fromTask.type ? recorded : fromTask;
  const running = Object.keys(manifest.steps).filter(
    (step) => manifest.steps[step]?.attempts.at(-1)?.status === 'running',
  );
  const next = running.reduce(
    (draft, step) => finishStepAttempt(draft, { step, status: 'failed', error, now }),
    structuredClone(manifest),
  );
  next.status = 'failed';
  next.error = error;
  return next;
}

/** The error of the step that failed last since this run started (`manifest.run.startedAt`). */
function lastStepError(manifest: JobManifest): ErrorInfo | undefined {
  const runStartedAt = manifest.run?.startedAt ?? '';
  const failed = Object.values(manifest.steps).filter(
    ({ status, error, finishedAt }) =>
      status === 'failed' && error !== undefined && (finishedAt ?? '') >= runStartedAt,
  );
  failed.sort((a, b) => (a.finishedAt ?? '').localeCompare(b.finishedAt ?? ''));
  return failed.at(-1)?.error;
}
