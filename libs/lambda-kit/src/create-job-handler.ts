import type { ServiceName } from '@reel/service-presets';
import type { z } from 'zod';
import { parseEvent, type JobEventRef } from './job-event';
import { runJobInvocation, type Invocation } from './job-invocation';
import type { LambdaContextLike } from './lambda-context';
import { serviceEnvironment } from './service-environment';
import type { ServiceDependencies } from './service-dependencies';

/** What a handler's work function is given: the parsed event, its job (if any) and the invocation. */
export type JobContext<TEvent> = Invocation & {
  event: TEvent;
  /** The event's `job`; `undefined` for an event about no job. */
  job: TEvent extends { job: JobEventRef } ? JobEventRef : undefined;
};

export interface CreateJobHandlerOptions<TEvent extends z.ZodType<{ job?: JobEventRef }>, TResult> {
  service: ServiceName;
  /** What the handler does, e.g. `finalize`: the `step` log key and the metric `Operation`. */
  operation: string;
  /** Validates the whole event; a job's event carries it as `job` (use `jobEventRefSchema`). */
  eventSchema: TEvent;
  handle: (context: JobContext<z.output<TEvent>>) => Promise<TResult>;
  /**
   * Builds the service's dependencies; called once, on the first invocation, and kept for the
   * environment's life. Apps pass `buildAtInit(() => createServiceDependencies(…))` (built at import).
   */
  dependencies: () => ServiceDependencies;
}

/**
 * A Lambda handler that is not a workflow step (no attempt is recorded): the workflow's finalize
 * tasks, or a directly invoked check about no job at all. The event is parsed (InvalidRequestError
 * otherwise) and the work runs in the frame every handler shares ({@link runJobInvocation}).
 *
 * @example
 * export const handler = createJobHandler({
 *   service: 'job-status', operation: 'finalize', eventSchema, handle: finalizeJob,
 *   dependencies: buildAtInit(() => createServiceDependencies(loadConfig(process.env), { service: 'job-status' })),
 * });
 */
export function createJobHandler<TEvent extends z.ZodType<{ job?: JobEventRef }>, TResult>({
  service,
  operation,
  eventSchema,
  handle,
  dependencies,
}: CreateJobHandlerOptions<TEvent, TResult>) {
  const environment = serviceEnvironment(service, dependencies);
  return async function handler(
    rawEvent: unknown,
    lambdaContext: LambdaContextLike,
  ): Promise<TResult> {
    const deps = await environment();
    const event: z.output<TEvent> = parseEvent(eventSchema, rawEvent ?? {});
    return runJobInvocation({
      service,
      operation,
      job: event.job,
      dependencies: deps,
      lambdaContext,
      work: (invocation) =>
        handle({ ...invocation, event, job: event.job } as JobContext<z.output<TEvent>>),
    });
  };
}
