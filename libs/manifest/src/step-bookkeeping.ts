import {
  InternalError,
  InvalidRequestError,
  toErrorInfo,
  type ErrorInfo,
} from '@reel/error-taxonomy';
import {
  STEP_NAME_PATTERN,
  type JobManifest,
  type StepOutput,
  type StepRecord,
} from './job-manifest-schema';

// Pure: each helper returns a new manifest and leaves its argument untouched, so it can be
// returned from an `updateManifest` callback (which may run it several times on fresh reads).

export interface StartStepAttemptOptions {
  step: string;
  now: Date;
}

/**
 * Records that a step's next attempt started: appends attempt n+1 as `running` and marks the step
 * `running`. An earlier attempt still marked `running` never reported back (its Lambda died or timed
 * out), so it is closed as `failed` first.
 *
 * @example
 * await updateManifest(store, ref, (draft) => startStepAttempt(draft, { step: 'audio-extraction', now: new Date() }));
 */
export function startStepAttempt(
  manifest: JobManifest,
  { step, now }: StartStepAttemptOptions,
): JobManifest {
  const next = structuredClone(manifest);
  const record = next.steps[assertStepName(step)] ?? createPendingStep();
  const startedAt = now.toISOString();
  const previous = record.attempts.at(-1);
  if (previous?.status === 'running') {
    previous.status = 'failed';
    previous.finishedAt = startedAt;
    previous.durationMs = elapsedMs(previous.startedAt, startedAt);
    previous.error = toErrorInfo(
      new InternalError(
        `Attempt ${previous.attempt} of step ${step} never finished; attempt ${previous.attempt + 1} replaced it`,
        { details: { step, attempt: previous.attempt } },
      ),
    );
  }
  record.attempts.push({ attempt: record.attempts.length + 1, status: 'running', startedAt });
  record.status = 'running';
  record.startedAt ??= startedAt;
  delete record.finishedAt;
  delete record.durationMs;
  delete record.error;
  next.steps[step] = record;
  return next;
}

export type FinishStepAttemptOptions = {
  step: string;
  now: Date;
  /** What this attempt wrote; replaces the step's outputs. */
  outputs?: StepOutput[];
} & ({ status: 'succeeded' } | { status: 'failed'; error: ErrorInfo });

/**
 * Closes the step's running attempt as `succeeded` or `failed` (with its typed error) and copies
 * the outcome to the step: status, finish time, duration since the first attempt, outputs, error.
 * Throws `InvalidRequestError` when the step has no running attempt.
 *
 * @example
 * finishStepAttempt(draft, { step: 'audio-extraction', status: 'failed', error: toErrorInfo(error), now: new Date() });
 */
export function finishStepAttempt(
  manifest: JobManifest,
  options: FinishStepAttemptOptions,
): JobManifest {
  const { step, now, outputs = [] } = options;
  const next = structuredClone(manifest);
  const record = next.steps[step];
  const attempt = record?.attempts.at(-1);
  if (record === undefined || attempt?.status !== 'running') {
    throw new InvalidRequestError(`Step ${step} has no running attempt to finish`, {
      details: { step, jobId: manifest.jobId, stepStatus: record?.status ?? null },
    });
  }
  const finishedAt = now.toISOString();
  attempt.status = options.status;
  attempt.finishedAt = finishedAt;
  attempt.durationMs = elapsedMs(attempt.startedAt, finishedAt);
  record.status = options.status;
  record.finishedAt = finishedAt;
  record.durationMs = elapsedMs(record.startedAt ?? attempt.startedAt, finishedAt);
  record.outputs = outputs;
  if (options.status === 'failed') {
    attempt.error = options.error;
    record.error = options.error;
  } else {
    delete record.error;
  }
  return next;
}

export interface SkipStepOptions {
  step: string;
  now: Date;
}

/**
 * Marks a step that will not run for this job (e.g. transcription of a silent input) as `skipped`.
 *
 * @example
 * skipStep(draft, { step: 'transcription', now: new Date() });
 */
export function skipStep(manifest: JobManifest, { step, now }: SkipStepOptions): JobManifest {
  const next = structuredClone(manifest);
  const record = next.steps[assertStepName(step)] ?? createPendingStep();
  record.status = 'skipped';
  record.finishedAt = now.toISOString();
  delete record.error;
  next.steps[step] = record;
  return next;
}

function createPendingStep(): StepRecord {
  return { status: 'pending', attempts: [], outputs: [] };
}

function assertStepName(step: string): string {
  if (!STEP_NAME_PATTERN.test(step)) {
    throw new InvalidRequestError(`Step name ${JSON.stringify(step.slice(0, 40))} is not valid`, {
      details: { pattern: STEP_NAME_PATTERN.source },
    });
  }
  return step;
}

function elapsedMs(fromIso: string, toIso: string): number {
  // Attempts may start and finish on different machines; never record a negative duration.
  return Math.max(0, Date.parse(toIso) - Date.parse(fromIso));
}
