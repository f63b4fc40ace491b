import { RunLeaseConflictError } from '@reel/error-taxonomy';
import {
  finishStepAttempt,
  startStepAttempt,
  updateManifest,
  type JobManifest,
  type StepOutput,
  type StepResults,
} from '@reel/manifest';
import { recordMetric } from '@reel/observability';
import type { ServiceName } from '@reel/service-presets';
import * as z from 'zod';
import { assertHoldsRunLease } from './assert-holds-run-lease';
import { jobEventRefSchema, parseEvent } from './job-event';
import { runJobInvocation, type JobInvocation } from './job-invocation';
import type { LambdaContextLike } from './lambda-context';
import { createProgressReporter, type ProgressUpdate } from './progress-reporter';
import type { ServiceDependencies } from './service-dependencies';
import { serviceEnvironment } from './service-environment';

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
    const ref = { tenantId: job.tenantId, jobId: job.jobId };
    // Per invocation: only an attempt this invocation started is marked failed by it.
    let attemptStarted = false;
    return runJobInvocation({
      service,
      operation: step,
      job,
      dependencies: deps,
      lambdaContext,
      work: async ({ observability, deadlineAtMs, signal }) => {
        const startedMs = Date.now();
        // Conflict retries stay inside the deadline; the failure record below may use the margin.
        const retryBounds = { deadlineAtMs, signal };
        // The lease is checked in the update that records the attempt's start, before its write.
        const manifest = await updateManifest(
          deps.manifests,
          ref,
          async (draft) => {
            await assertHoldsRunLease({ manifests: deps.manifests, job, step });
            attemptStarted = true;
            const started = startStepAttempt(draft, { step, now: new Date() });
            started.status = 'processing';
            return started;
          },
          retryBounds,
        );
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
        await updateManifest(
          deps.manifests,
          ref,
          async (draft) => {
            // Re-checked right before the write: a run whose lease was taken over while it worked
            // records none of its outputs on the job the other run now owns.
            await assertHoldsRunLease({ manifests: deps.manifests, job, step });
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
          retryBounds,
        );
        const stepDurationMs = Date.now() - startedMs;
        recordMetric(observability, {
          name: 'StepDuration',
          value: stepDurationMs,
          unit: 'Milliseconds',
          operation: step,
        });
        if (outcome.mediaDurationSec && outcome.mediaDurationSec > 0) {
          const realtimeFactor = stepDurationMs / 1000 / outcome.mediaDurationSec;
          recordMetric(observability, {
            name: 'RealtimeFactor',
            value: realtimeFactor,
            unit: 'None',
            operation: step,
          });
        }
        observability.logger.info('Step succeeded', {
          durationMs: stepDurationMs,
          outputs: outcome.outputs.length,
        });
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
        await updateManifest(deps.manifests, ref, async (draft) => {
          await assertHoldsRunLease({ manifests: deps.manifests, job, step });
          return draft.steps[step]?.attempts.at(-1)?.status === 'running'
            ? finishStepAttempt(draft, {
                step,
                status: 'failed',
                error: errorInfo,
                now: new Date(),
              })
            : draft;
        }).catch((manifestError: unknown) =>
          // The step's own error matters more; the workflow's Catch still marks the job failed.
          observability.logger.error('Could not record the failure in the manifest', {
            error: String(manifestError),
          }),
        );
      },
    });
  };
}
