import { RunLeaseConflictError } from '@reel/error-taxonomy';
import type { JobManifest, StepOutput, StepResults } from '@reel/manifest';
import type { ServiceName } from '@reel/service-presets';
import * as z from 'zod';
import { jobEventRefSchema, parseEvent } from './job-event';
import { runJobInvocation, type JobInvocation } from './job-invocation';
import type { LambdaContextLike } from './lambda-context';
import { createProgressReporter, type ProgressUpdate } from './progress-reporter';
import type { ServiceDependencies } from './service-dependencies';
import { serviceEnvironment } from './service-environment';
import { recordStepFailure, recordStepStart, recordStepSuccess } from './step-attempt-records';

/** What a step's work function is given: the job's invocation plus the step's options and manifest. */
export interface StepContext<TOptions> extends JobInvocation {
  options: TOptions;
  /** The manifest as it was when this attempt started (input, probe, earlier results). */
  manifest: JobManifest;
  reportProgress: (update: ProgressUpdate) => void;
}

/** What a step's work produced: recorded on the step and merged into the manifest's results. */
export interface StepOutcome {
  outputs: StepOutput[];
  results?: Partial<StepResults>;
  /** Seconds of media processed, for the RealtimeFactor metric. */
  mediaDurationSec?: number;
  /** Other changes to the manifest made with the success record (e.g. the input's probe summary). */
  patchManifest?: (draft: JobManifest) => void;
}

/** What the Task returns to the workflow: small, ids and keys only. */
export interface StepResponse {
  step: string;
  status: 'succeeded';
  outputs: Array<{ key: string; bytes: number }>;
}

export interface CreateStepHandlerOptions<TOptions extends z.ZodType> {
  service: ServiceName;
  /** The manifest step key, e.g. `audio-extraction`. */
  step: string;
  /** Validates `event.options`. */
  optionsSchema: TOptions;
  run: (context: StepContext<z.output<TOptions>>) => Promise<StepOutcome>;
  /**
   * Builds the service's dependencies; called once, on the first invocation, and kept for the
   * environment's life. Apps pass `buildAtInit(() => createServiceDependencies(…))` (built at import).
   */
  dependencies: () => ServiceDependencies;
}

/**
 * A workflow-task Lambda handler with everything but the work done once, here: the event is
 * parsed, the run's lease on the job checked in the manifest update that records the attempt's start
 * and again in the one that records its success (a run that does not hold it is refused with a
 * non-retryable RunLeaseConflictError and records nothing: no start, no outputs), the work run in the shared
 * frame ({@link runJobInvocation}: observability, deadline, errors), the attempt recorded in the
 * manifest before and after (with the typed error on failure), `StepDuration` and
 * `RealtimeFactor` emitted. A failure is rethrown as a taxonomy error, so its class name is the
 * Lambda `errorType` the workflow's Retry/Catch match on.
 *
 * @example
 * export const handler = createStepHandler({
 *   service: 'audio-extraction', step: 'audio-extraction', optionsSchema, run: extractAudio,
 * });
 */
export function createStepHandler<TOptions extends z.ZodType>({
  service,
  step,
  optionsSchema,
  run,
  dependencies,
}: CreateStepHandlerOptions<TOptions>) {
  const environment = serviceEnvironment(service, dependencies);
  const envelopeSchema = z.object({
    job: jobEventRefSchema,
    options: z.unknown(),
    step: z.string().optional(),
  });

  return async function handler(
    rawEvent: unknown,
    lambdaContext: LambdaContextLike,
  ): Promise<StepResponse> {
    const deps = await environment();
    const { job, options: rawOptions } = parseEvent(envelopeSchema, rawEvent);
    const options: z.output<TOptions> = parseEvent(optionsSchema, rawOptions ?? {});
    // Per invocation: only an attempt this invocation started is marked failed by it.
    let attemptStarted = false;
    return runJobInvocation({
      service,
      operation: step,
      job,
      dependencies: deps,
      lambdaContext,
      work: async ({ observability, deadlineAtMs, signal }) => {
        // Conflict retries stay inside the deadline; the failure record below may use the margin.
        const attemptRef = {
          manifests: deps.manifests,
          job,
          step,
          bounds: { deadlineAtMs, signal },
        };
        // The lease is checked in the update that records the attempt's start, before its write.
        const manifest = await recordStepStart(attemptRef);
        attemptStarted = true;
        observability.logger.info('Step started', {
          attempt: manifest.steps[step]?.attempts.length,
        });
        const outcome = await run({
          job,
          options,
          manifest,
          dependencies: deps,
          observability,
          deadlineAtMs,
          signal,
          reportProgress: createProgressReporter(step, observability),
        });
        // The lease is re-checked right before the write: a run whose lease was taken over while
        // it worked records none of its outputs on the job the other run now owns.
        await recordStepSuccess({ ...attemptRef, outcome, observability });
        return {
          step,
          status: 'succeeded',
          outputs: outcome.outputs.map(({ key, bytes }) => ({ key, bytes })),
        };
      },
      onFailure: async ({ error, errorInfo, invocation: { observability } }) => {
        // A run that lost the lease leaves the manifest to the run that holds it: its last attempt
        // may be that run's.
        if (!attemptStarted || error instanceof RunLeaseConflictError) return;
        await recordStepFailure({
          manifests: deps.manifests,
          job,
          step,
          error: errorInfo,
          observability,
        });
      },
    });
  };
}
