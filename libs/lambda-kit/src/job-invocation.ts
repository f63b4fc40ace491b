import { toReelError, type ErrorInfo } from '@reel/error-taxonomy';
import {
  flushMetrics,
  recordError,
  withInvocation,
  withSubsegment,
  type Observability,
  type ObservabilityContext,
} from '@reel/observability';
import { deadlineFromRemainingTime } from '@reel/retry-policy';
import type { ServiceName } from '@reel/service-presets';
import type { JobEventRef } from './job-event';
import { DEADLINE_SAFETY_MARGIN_MS, type LambdaContextLike } from './lambda-context';
import type { ServiceDependencies } from './service-dependencies';

/** What every invocation gets: dependencies, observability with its keys, and its deadline. */
export interface Invocation {
  dependencies: ServiceDependencies;
  observability: Observability;
  /** The Lambda's remaining time minus a safety margin, as epoch ms: pass it to every ffmpeg run. */
  deadlineAtMs: number;
  /** Fires at the deadline. */
  signal: AbortSignal;
}

/** An invocation about one job (workflow steps, status recording). */
export interface JobInvocation extends Invocation {
  job: JobEventRef;
}

export interface RunJobInvocationOptions<TResult> {
  service: ServiceName;
  /** The `step` key of every log line and the `Operation` dimension of the `Errors` metric. */
  operation: string;
  /** The job the invocation is about; absent for one about no job (e.g. the deployment check). */
  job?: JobEventRef;
  dependencies: ServiceDependencies;
  lambdaContext: LambdaContextLike;
  work: (invocation: Invocation) => Promise<TResult>;
  /** Runs after the failure was logged and counted, before it is rethrown; must not throw. */
  onFailure?: (failure: {
    error: unknown;
    errorInfo: ErrorInfo;
    invocation: Invocation;
  }) => Promise<void>;
}

/**
 * The one frame of every reel handler: the invocation's keys scoped to it on the environment's
 * Logger (AsyncLocalStorage, so concurrent invocations stay apart), the cold start counted once, a
 * deadline from the Lambda's remaining time and a signal that fires at it, the work traced as a
 * subsegment, a failure logged, counted and rethrown as a taxonomy error (its class name is the
 * Lambda `errorType` the workflow's Retry/Catch match on), metrics flushed on every path. Without a
 * job (a deployment check), the request id stands in for the job and correlation ids.
 *
 * @example
 * return runJobInvocation({ service, operation: 'finalize', job, dependencies, lambdaContext,
 *   work: ({ observability, signal }) => finalize({ job, observability, signal }) });
 */
export async function runJobInvocation<TResult>({
  service,
  operation,
  job,
  dependencies,
  lambdaContext,
  work,
  onFailure,
}: RunJobInvocationOptions<TResult>): Promise<TResult> {
  const { serviceObservability, config } = dependencies;
  serviceObservability.metrics.captureColdStartMetric();
  return withInvocation(
    serviceObservability,
    {
      ...invocationContext({ service, operation, job, env: config.env, lambdaContext }),
      requestId: lambdaContext.awsRequestId,
    },
    async (observability) => {
      const deadlineAtMs = deadlineFromRemainingTime({
        remainingTimeMs: lambdaContext.getRemainingTimeInMillis(),
        safetyMarginMs: DEADLINE_SAFETY_MARGIN_MS,
      });
      const abortController = new AbortController();
      const deadlineTimer = setTimeout(
        () => abortController.abort(),
        Math.max(0, deadlineAtMs - Date.now()),
      );
      const invocation: Invocation = {
        dependencies,
        observability,
        deadlineAtMs,
        signal: abortController.signal,
      };
      try {
        return await withSubsegment(
          observability,
          {
            name: `## ${operation}`,
            annotations: { service, operation, tenantId: observability.context.tenantId },
          },
          () => work(invocation),
        );
      } catch (error) {
        const errorInfo = recordError(observability, { error, operation });
        await onFailure?.({ error, errorInfo, invocation });
        throw toReelError(error);
      } finally {
        clearTimeout(deadlineTimer);
        flushMetrics(observability);
      }
    },
  );
}

function invocationContext({
  service,
  operation,
  job,
  env,
  lambdaContext,
}: {
  service: string;
  operation: string;
  job: JobEventRef | undefined;
  env: string;
  lambdaContext: LambdaContextLike;
}): ObservabilityContext {
  if (job === undefined) {
    const requestId = lambdaContext.awsRequestId;
    return {
      service,
      step: operation,
      correlationId: requestId,
      tenantId: 'platform',
      jobId: requestId,
      env,
    };
  }
  const { correlationId, tenantId, jobId } = job;
  return { service, step: operation, correlationId, tenantId, jobId, env: job.env };
}
