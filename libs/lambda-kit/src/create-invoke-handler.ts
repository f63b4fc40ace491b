import { toReelError } from '@reel/error-taxonomy';
import {
  flushMetrics,
  initObservability,
  recordError,
  type Observability,
} from '@reel/observability';
import { deadlineFromRemainingTime } from '@reel/retry-policy';
import type { z } from 'zod';
import { parseEvent } from './job-event';
import { toObservabilityLogLevel } from './job-invocation';
import { DEADLINE_SAFETY_MARGIN_MS, type LambdaContextLike } from './lambda-context';
import { getDefaultDependencies, type ServiceDependencies } from './service-dependencies';
import type { ServiceName } from '@reel/service-presets';

export interface InvokeContext<TEvent> {
  event: TEvent;
  dependencies: ServiceDependencies;
  observability: Observability;
  deadlineEpochMs: number;
}

export interface CreateInvokeHandlerOptions<TEvent extends z.ZodType, TResult> {
  service: ServiceName;
  eventSchema: TEvent;
  handle: (context: InvokeContext<z.output<TEvent>>) => Promise<TResult>;
  dependencies?: () => ServiceDependencies;
}

/**
 * A directly invoked Lambda handler (no job): the event parsed, observability keyed by the request
 * id, a deadline from the remaining time, failures rethrown as taxonomy errors after being logged
 * and counted.
 *
 * @example
 * export const handler = createInvokeHandler({ service: 'ffmpeg-validation', eventSchema, handle });
 */
export function createInvokeHandler<TEvent extends z.ZodType, TResult>({
  service,
  eventSchema,
  handle,
  dependencies = getDefaultDependencies,
}: CreateInvokeHandlerOptions<TEvent, TResult>) {
  return async function handler(
    rawEvent: unknown,
    lambdaContext: LambdaContextLike,
  ): Promise<TResult> {
    const deps = dependencies();
    // Not about one job: the request id stands in for the job and correlation ids.
    const observability = initObservability({
      service,
      step: service,
      correlationId: lambdaContext.awsRequestId,
      tenantId: 'platform',
      jobId: lambdaContext.awsRequestId,
      env: deps.config.env,
      namespace: deps.config.metricsNamespace,
      tracingEnabled: deps.config.enableXray,
      logLevel: toObservabilityLogLevel(deps.config.logLevel),
    });
    try {
      const event = parseEvent(eventSchema, rawEvent ?? {});
      const deadlineEpochMs = deadlineFromRemainingTime({
        remainingTimeMs: lambdaContext.getRemainingTimeInMillis(),
        safetyMarginMs: DEADLINE_SAFETY_MARGIN_MS,
      });
      return await handle({ event, dependencies: deps, observability, deadlineEpochMs });
    } catch (error) {
      recordError(observability, { error, operation: service });
      throw toReelError(error);
    } finally {
      flushMetrics(observability);
    }
  };
}
