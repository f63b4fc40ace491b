import { defaultRetryPolicy, toStepFunctionsRetry, type RetryPolicy } from '@reel/retry-policy';
import { getServicePreset, type ServiceName } from '@reel/service-presets';
import { finalizeService, processingSteps } from './workflow-steps';

/** Time a run's starter needs before the workflow starts (intake, a cached build); part of the TTL. */
const RUN_START_MARGIN_SEC = 5 * 60;

/**
 * The longest a processing execution can take: every step at its timeout on every attempt, with
 * the longest retry waits, then the finalize task likewise. The ASL's `TimeoutSeconds`.
 *
 * @example
 * buildProcessingWorkflow({ resourceFor }).TimeoutSeconds === processingWorkflowTimeoutSec();
 */
export function processingWorkflowTimeoutSec(
  retryPolicy: RetryPolicy = defaultRetryPolicy,
): number {
  const [retrier] = toStepFunctionsRetry({ policy: retryPolicy });
  const retries = retrier?.MaxAttempts ?? 0;
  const waitsSec = Array.from({ length: retries }, (_, index) =>
    Math.min(
      (retrier?.IntervalSeconds ?? 0) * (retrier?.BackoffRate ?? 1) ** index,
      retrier?.MaxDelaySeconds ?? Infinity,
    ),
  ).reduce((sum, waitSec) => sum + waitSec, 0);
  const taskBudgetSec = (service: ServiceName) =>
    getServicePreset(service).timeoutSec * (retries + 1) + Math.ceil(waitsSec);
  return [...processingSteps.map(({ service }) => service), finalizeService]
    .map(taskBudgetSec)
    .reduce((sum, budgetSec) => sum + budgetSec, 0);
}

/**
 * How long a run lease holds without a release: the workflow's timeout plus the starter's margin.
 * A run that crashed frees its job after this (locally at once, when its process has exited).
 */
export const RUN_LEASE_TTL_MS = (processingWorkflowTimeoutSec() + RUN_START_MARGIN_SEC) * 1000;
