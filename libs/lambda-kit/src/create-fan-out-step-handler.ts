import { InvalidRequestError, isReelError, RunLeaseConflictError } from '@reel/error-taxonomy';
import type { JobManifest } from '@reel/manifest';
import type { ServiceName } from '@reel/service-presets';
import * as z from 'zod';
import type { StepContext, StepOutcome, StepResponse } from './create-step-handler';
import { jobEventRefSchema, parseEvent } from './job-event';
import { runJobInvocation } from './job-invocation';
import type { LambdaContextLike } from './lambda-context';
import { createProgressReporter } from './progress-reporter';
import type { ServiceDependencies } from './service-dependencies';
import { serviceEnvironment } from './service-environment';
import {
  readRunningAttempt,
  recordStepFailure,
  recordStepStart,
  recordStepSuccess,
} from './step-attempt-records';
import { taskFailureError, taskFailureSchema } from './task-failure-error';

/** What the prepare phase returns to fan out instead of finishing the step itself. */
export interface FanOutPlan {
  chunkCount: number;
}

/** What a later phase is given: the step context plus the chunk set (and, for a chunk, its index). */
export interface FanOutContext<TOptions> extends StepContext<TOptions> {
  chunkCount: number;
}

export interface ChunkContext<TOptions> extends FanOutContext<TOptions> {
  /** 0-based. */
  chunk: number;
}

/** The abandon phase's context: no progress, the chunk set to remove. */
export type AbandonContext<TOptions> = Omit<FanOutContext<TOptions>, 'manifest' | 'reportProgress'>;

/** What each phase's Task returns to the workflow (small: the state stays far below 256 KB). */
export type FanOutStepResponse =
  | StepResponse
  | {
      step: string;
      status: 'chunked';
      chunked: true;
      chunkCount: number;
      chunks: Array<{ index: number }>;
    }
  | { step: string; status: 'chunk-done'; chunk: number; key: string; bytes: number }
  | { step: string; status: 'abandoned'; chunkCount: number };

export interface CreateFanOutStepHandlerOptions<TOptions extends z.ZodType> {
  service: ServiceName;
  step: string;
  optionsSchema: TOptions;
  dependencies: () => ServiceDependencies;
  /** Opens the attempt's work: finishes the step (a {@link StepOutcome}) or plans chunks. */
  prepare: (context: StepContext<z.output<TOptions>>) => Promise<StepOutcome | FanOutPlan>;
  /** One chunk's work; stores its result and returns the stored key. Records nothing on the step. */
  chunk: (context: ChunkContext<z.output<TOptions>>) => Promise<{ key: string; bytes: number }>;
  /** Joins the chunks; its outcome is recorded as the attempt's success. */
  finish: (context: FanOutContext<z.output<TOptions>>) => Promise<StepOutcome>;
  /** Removes what the chunks stored, after one failed (the attempt is closed failed first). */
  abandon: (context: AbandonContext<z.output<TOptions>>) => Promise<void>;
  /** Removes one stored chunk whose step was abandoned while it was being made. */
  discardChunk: (
    context: AbandonContext<z.output<TOptions>> & { chunk: number; key: string },
  ) => Promise<void>;
}

const MAX_CHUNKS = 256;

const envelopeSchema = z.object({
  job: jobEventRefSchema,
  options: z.unknown(),
  step: z.string().optional(),
  phase: z.enum(['prepare', 'chunk', 'finish', 'abandon']).default('prepare'),
  chunk: z.number().int().min(0).max(MAX_CHUNKS).optional(),
  chunkCount: z.number().int().min(1).max(MAX_CHUNKS).optional(),
  failure: taskFailureSchema.optional(),
});

/**
 * A workflow-task handler for a step the workflow may fan out (an inline Map, see @reel/workflow's
 * `WorkflowFanOut`), with the event's `phase` choosing the work, all in createStepHandler's frame
 * ({@link runJobInvocation}: observability, deadline, typed errors, the run lease):
 * - `prepare` opens the step attempt like any step; its work either finishes the step (recorded as
 *   a success, as createStepHandler does) or returns `{ chunkCount }`, answered with
 *   `{ chunked: true, chunkCount, chunks: [{ index }…] }` for the Map, the attempt left running;
 * - `chunk` checks the lease and that the attempt is still running, does one chunk, records nothing;
 * - `finish` joins the chunks and records the attempt's success;
 * - `abandon` (the Map's Catch, given `failure`) closes the attempt `failed` with the chunk's typed
 *   error, then removes the chunks; a chunk that finishes after that removes its own
 *   (`discardChunk`), so nothing is left whatever the order.
 * A failed `prepare`, or a `finish` that fails for good (not retryable), closes the attempt `failed`.
 *
 * @example
 * export const handler = createFanOutStepHandler({
 *   service: 'video-render-engine', step: 'video-render-engine', optionsSchema, dependencies,
 *   prepare, chunk: renderChunk, finish: joinChunks, abandon: removeChunks, discardChunk,
 * });
 */
export function createFanOutStepHandler<TOptions extends z.ZodType>({
  service,
  step,
  optionsSchema,
  dependencies,
  prepare,
  chunk,
  finish,
  abandon,
  discardChunk,
}: CreateFanOutStepHandlerOptions<TOptions>) {
  const environment = serviceEnvironment(service, dependencies);

  return async function handler(
    rawEvent: unknown,
    lambdaContext: LambdaContextLike,
  ): Promise<FanOutStepResponse> {
    const deps = await environment();
    const event = parseEvent(envelopeSchema, rawEvent);
    const { job, phase } = event;
    const options: z.output<TOptions> = parseEvent(optionsSchema, event.options ?? {});
    const chunkCount = phase === 'prepare' ? 0 : requireField(event.chunkCount, 'chunkCount');
    // Per invocation: only an attempt this run's prepare or finish holds open is closed by it.
    let ownsAttempt = false;
    return runJobInvocation({
      service,
      operation: phase === 'prepare' ? step : `${step}:${phase}`,
      job,
      dependencies: deps,
      lambdaContext,
      work: async (invocation): Promise<FanOutStepResponse> => {
        const { observability, deadlineAtMs, signal } = invocation;
        const attemptRef = {
          manifests: deps.manifests,
          job,
          step,
          bounds: { deadlineAtMs, signal },
        };
        const base = { job, options, ...invocation };
        const reportProgress = createProgressReporter(step, observability);
        if (phase === 'abandon') {
          // The attempt is closed first, so a chunk still running sees it and removes what it stores.
          await recordStepFailure({
            ...attemptRef,
            error: taskFailureError(event.failure ?? {}),
            observability,
          });
          await abandon({ ...base, chunkCount });
          observability.logger.info('Step chunks removed after a failed chunk', { chunkCount });
          return { step, status: 'abandoned', chunkCount };
        }
        if (phase === 'chunk') {
          const index = requireField(event.chunk, 'chunk');
          const manifest = await readRunningAttempt(attemptRef);
          const stored = await chunk({
            ...base,
            manifest,
            chunk: index,
            chunkCount,
            reportProgress: (update) =>
              reportProgress({ ...update, label: `chunk ${index + 1}/${chunkCount}` }),
          });
          // The step was abandoned (another chunk failed) while this one worked: take it back.
          await readRunningAttempt(attemptRef).catch(async (error: unknown) => {
            await discardChunk({ ...base, chunkCount, chunk: index, key: stored.key });
            throw error;
          });
          return { step, status: 'chunk-done', chunk: index, ...stored };
        }
        let manifest: JobManifest;
        if (phase === 'finish') {
          manifest = await readRunningAttempt(attemptRef);
        } else {
          manifest = await recordStepStart(attemptRef);
          observability.logger.info('Step started', {
            attempt: manifest.steps[step]?.attempts.length,
          });
        }
        ownsAttempt = true;
        const context = { ...base, manifest, reportProgress };
        const outcome =
          phase === 'finish' ? await finish({ ...context, chunkCount }) : await prepare(context);
        if ('chunkCount' in outcome) {
          observability.logger.info('Step fans out', { chunkCount: outcome.chunkCount });
          return {
            step,
            status: 'chunked',
            chunked: true,
            chunkCount: outcome.chunkCount,
            chunks: Array.from({ length: outcome.chunkCount }, (_, index) => ({ index })),
          };
        }
        await recordStepSuccess({ ...attemptRef, outcome, observability });
        return {
          step,
          status: 'succeeded',
          outputs: outcome.outputs.map(({ key, bytes }) => ({ key, bytes })),
        };
      },
      onFailure: async ({ error, errorInfo, invocation: { observability } }) => {
        if (!ownsAttempt || error instanceof RunLeaseConflictError) return;
        // A retried finish continues the same attempt; the finalizer closes it if retries run out.
        if (phase === 'finish' && isReelError(error) && error.retryable) return;
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

function requireField(value: number | undefined, field: 'chunk' | 'chunkCount'): number {
  if (value !== undefined) return value;
  throw new InvalidRequestError(`Invalid event: ${field}: required in this phase`, {
    details: { problems: [`${field}: required in this phase`] },
  });
}
