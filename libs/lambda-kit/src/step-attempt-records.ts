import { ConflictError, type ErrorInfo } from '@reel/error-taxonomy';
import {
  finishStepAttempt,
  startStepAttempt,
  updateManifest,
  type JobManifest,
  type ManifestStore,
} from '@reel/manifest';
import { recordMetric, type Observability } from '@reel/observability';
import { assertHoldsRunLease } from './assert-holds-run-lease';
import type { StepOutcome } from './create-step-handler';
import type { JobEventRef } from './job-event';

/** What every record of a step attempt needs: the store, the job (with its run) and the step. */
export interface StepAttemptRef {
  manifests: ManifestStore;
  job: JobEventRef;
  step: string;
  /** Conflict retries of the manifest update stay inside these. */
  bounds?: { deadlineAtMs: number; signal: AbortSignal };
}

const refOf = ({ job }: StepAttemptRef) => ({ tenantId: job.tenantId, jobId: job.jobId });

/**
 * Opens a step attempt (the job `processing`), the run's lease checked in the same update before
 * its write; returns the manifest as written.
 *
 * @example
 * const manifest = await recordStepStart({ manifests, job, step: 'video-render-engine' });
 */
export async function recordStepStart(ref: StepAttemptRef): Promise<JobManifest> {
  const { manifests, job, step, bounds } = ref;
  return updateManifest(
    manifests,
    refOf(ref),
    async (draft) => {
      await assertHoldsRunLease({ manifests, job, step });
      const started = startStepAttempt(draft, { step, now: new Date() });
      started.status = 'processing';
      return started;
    },
    bounds,
  );
}

/**
 * The manifest, after checking that this run holds the lease and that the step's last attempt is
 * still running (a later phase of a step whose attempt an earlier phase opened); a finished or
 * replaced attempt is a non-retryable {@link ConflictError}.
 *
 * @example
 * const manifest = await readRunningAttempt({ manifests, job, step: 'video-render-engine' });
 */
export async function readRunningAttempt(ref: StepAttemptRef): Promise<JobManifest> {
  const { manifests, job, step } = ref;
  await assertHoldsRunLease({ manifests, job, step });
  const manifest = await manifests.get(refOf(ref));
  const attempt = manifest?.steps[step]?.attempts.at(-1);
  if (manifest === undefined || attempt?.status !== 'running') {
    throw new ConflictError(`Step ${step} of job ${job.jobId} has no running attempt to continue`, {
      details: { step, jobId: job.jobId, attemptStatus: attempt?.status ?? null },
      advice: 'Run the step again from its start (reel render, or resume the job).',
    });
  }
  return manifest;
}

/**
 * Records the attempt's success with the outcome's outputs and results (lease re-checked right
 * before the write), and emits `StepDuration` (from the attempt's start) and `RealtimeFactor`.
 *
 * @example
 * await recordStepSuccess({ manifests, job, step, outcome, observability });
 */
export async function recordStepSuccess(
  ref: StepAttemptRef & { outcome: StepOutcome; observability: Observability },
): Promise<void> {
  const { manifests, job, step, bounds, outcome, observability } = ref;
  let startedAt: string | undefined;
  await updateManifest(
    manifests,
    refOf(ref),
    async (draft) => {
      await assertHoldsRunLease({ manifests, job, step });
      startedAt = draft.steps[step]?.attempts.at(-1)?.startedAt;
      const finished = finishStepAttempt(draft, {
        step,
        status: 'succeeded',
        outputs: outcome.outputs,
        now: new Date(),
      });
      finished.results = { ...finished.results, ...outcome.results };
      outcome.patchManifest?.(finished);
      return finished;
    },
    bounds,
  );
  const stepDurationMs = startedAt === undefined ? 0 : Date.now() - Date.parse(startedAt);
  recordMetric(observability, {
    name: 'StepDuration',
    value: stepDurationMs,
    unit: 'Milliseconds',
    operation: step,
  });
  if (outcome.mediaDurationSec && outcome.mediaDurationSec > 0) {
    recordMetric(observability, {
      name: 'RealtimeFactor',
      value: stepDurationMs / 1000 / outcome.mediaDurationSec,
      unit: 'None',
      operation: step,
    });
  }
  observability.logger.info('Step succeeded', {
    durationMs: stepDurationMs,
    outputs: outcome.outputs.length,
  });
}

/**
 * Closes the step's running attempt as failed with `error` (lease checked); a failure to record
 * is logged, never thrown: the step's own error matters more, and the workflow's Catch still marks
 * the job failed (closing a running attempt itself).
 *
 * @example
 * await recordStepFailure({ manifests, job, step, error: errorInfo, observability });
 */
export async function recordStepFailure(
  ref: StepAttemptRef & { error: ErrorInfo; observability: Observability },
): Promise<void> {
  const { manifests, job, step, error, observability } = ref;
  await updateManifest(manifests, refOf(ref), async (draft) => {
    await assertHoldsRunLease({ manifests, job, step });
    return draft.steps[step]?.attempts.at(-1)?.status === 'running'
      ? finishStepAttempt(draft, { step, status: 'failed', error, now: new Date() })
      : draft;
  }).catch((manifestError: unknown) =>
    observability.logger.error('Could not record the failure in the manifest', {
      error: String(manifestError),
    }),
  );
}
