import type { z } from 'zod';
import { parseEvent, type JobEventRef } from './job-event';
import { runJobInvocation, type JobInvocation } from './job-invocation';
import type { LambdaContextLike } from './lambda-context';
import { getDefaultDependencies, type ServiceDependencies } from './service-dependencies';
import type { ServiceName } from '@reel/service-presets';

/** What a job handler's work function is given: the parsed event and the job's invocation. */
export interface JobContext<TEvent> extends JobInvocation {
  event: TEvent;
}

export interface CreateJobHandlerOptions<TEvent extends z.ZodType<{ job: JobEventRef }>, TResult> {
  service: ServiceName;
  /** What the handler does for the job, e.g. `finalize`: the `step` log key and the metric `Operation`. */
  operation: string;
  /** Validates the whole event; it must carry the job as `job` (use `jobEventRefSchema`). */
  eventSchema: TEvent;
  handle: (context: JobContext<z.output<TEvent>>) => Promise<TResult>;
  /** Tests inject dependencies; apps let the handler build them from `process.env` once. */
  dependencies?: () => ServiceDependencies;
}

/**
 * A Lambda handler about one job that is not a workflow step (no attempt is recorded), e.g. the
 * workflow's finalize tasks: the event parsed (InvalidRequestError otherwise), observability keyed
 * by the job, a deadline and its signal, a failure logged, counted and rethrown as a taxonomy
 * error — the same frame as `createStepHandler`.
 *
 * @example
 * export const handler = createJobHandler({
 *   service: 'job-status', operation: 'finalize', eventSchema, handle: ({ event, dependencies }) => finalizeJob(...),
 * });
 */
export function createJobHandler<TEvent extends z.ZodType<{ job: JobEventRef }>, TResult>({
  service,
  operation,
  eventSchema,
  handle,
  dependencies = getDefaultDependencies,
}: CreateJobHandlerOptions<TEvent, TResult>) {
  return async function handler(
    rawEvent: unknown,
    lambdaContext: LambdaContextLike,
  ): Promise<TResult> {
    const deps = dependencies();
    const event: z.output<TEvent> = parseEvent(eventSchema, rawEvent);
    return runJobInvocation({
      service,
      operation,
      job: event.job,
      dependencies: deps,
      lambdaContext,
      work: (invocation) => handle({ ...invocation, event }),
    });
  };
}
