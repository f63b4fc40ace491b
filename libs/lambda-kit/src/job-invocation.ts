import { toReelError, type ErrorInfo } from '@reel/error-taxonomy';
import {
  flushMetrics,
  initObservability,
  recordError,
  type Observability,
} from '@reel/observability';
import { deadlineFromRemainingTime } from '@reel/retry-policy';
import type { JobEventRef } from './job-event';
import { DEADLINE_SAFETY_MARGIN_MS, type LambdaContextLike } from './lambda-context';
import type { ServiceDependencies } from './service-dependencies';
import type { ServiceName } from '@reel/service-presets';

/** What every invocation about one job gets: its ids, dependencies, observability and deadline. */
export interface JobInvocation {
  job: JobEventRef;
  dependencies: ServiceDependencies;
  observability: Observability;
  /** The Lambda's remaining time minus a safety margin, as epoch ms: pass it to every ffmpeg run. */
  deadlineEpochMs: number;
  /** Fires at the deadline. */
  signal: AbortSignal;
}

export interface RunJobInvocationOptions<TResult> {
  service: ServiceName;
  /** The `step` key of every log line and the `Operation` dimension of the `Errors` metric. */
  operation: string;
  job: JobEventRef;
  dependencies: ServiceDependencies;
  lambdaContext: LambdaContextLike;
  work: (invocation: JobInvocation) => Promise<TResult>;
  /** Runs after the failure was logged and counted, before it is rethrown; must not throw. */
  onFailure?: (failure: { errorInfo: ErrorInfo; invocation: JobInvocation }) => Promise<void>;
}

/**
 * The frame of every handler about one job (workflow steps, status recording): observability keyed
 * by the job's ids, a deadline from the Lambda's remaining time and a signal that fires at it, a
 * failure logged, counted and rethrown as a taxonomy error (its class name is the Lambda
 * `errorType` the workflow's Retry/Catch match on), metrics flushed on every path.
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
  const observability = initObservability({
    service,
    step: operation,
    correlationId: job.correlationId,
    tenantId: job.tenantId,
    jobId: job.jobId,
    env: job.env,
    namespace: dependencies.config.metricsNamespace,
    tracingEnabled: dependencies.config.enableXray,
    logLevel: toObservabilityLogLevel(dependencies.config.logLevel),
  });
  const deadlineEpochMs = deadlineFromRemainingTime({
    remainingTimeMs: lambdaContext.getRemainingTimeInMillis(),
    safetyMarginMs: DEADLINE_SAFETY_MARGIN_MS,
  });
  const abortController = new AbortController();
  const deadlineTimer = setTimeout(
    () => abortController.abort(),
    Math.max(0, deadlineEpochMs - Date.now()),
  );
  const invocation: JobInvocation = {
    job,
    dependencies,
    observability,
    deadlineEpochMs,
    signal: abortController.signal,
  };
  try {
    return await work(invocation);
  } catch (error) {
    const errorInfo = recordError(observability, { error, operation });
    await onFailure?.({ errorInfo, invocation });
    throw toReelError(error);
  } finally {
    clearTimeout(deadlineTimer);
    flushMetrics(observability);
  }
}

/** Powertools' four levels from reel's LOG_LEVEL (TRACE → DEBUG; CRITICAL, SILENT → ERROR). */
export function toObservabilityLogLevel(level: string): 'DEBUG' | 'INFO' | 'WARN' | 'ERROR' {
  if (level === 'TRACE' || level === 'DEBUG') return 'DEBUG';
  if (level === 'WARN') return 'WARN';
  if (level === 'ERROR' || level === 'CRITICAL' || level === 'SILENT') return 'ERROR';
  return 'INFO';
}
