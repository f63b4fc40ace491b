import { defaultRetryPolicy, toStepFunctionsRetry, type RetryPolicy } from '@reel/retry-policy';
import { getServicePreset, type ServiceName } from '@reel/service-presets';
import { finalizeService, processingSteps, type WorkflowStep } from './workflow-steps';

/** Time a run's starter needs before the workflow starts (intake, a cached build); part of the TTL. */
const RUN_START_MARGIN_SEC = 5 * 60;

/**
 * The most items any fan-out's Map runs, and what the timeout budgets for each fan-out step: the
 * render's chunks (`chunking.chunkCount` is at most 64, and the video-render-engine refuses a plan
 * of more chunks derived from `onePassMaxSec`) and the transcoder's (it lengthens its chunks to
 * whole segments that fit in this many, so a Map never outlasts the execution's timeout).
 */
export const MAX_FAN_OUT_ITEMS = 64;

/**
 * How many task budgets a Map of `items` Tasks, at most `maxConcurrency` at once, can take end to
 * end: `ceil(items / maxConcurrency)`. A Task starts as soon as a slot frees, on the slot that frees
 * first; before the k-th Task starts, some slot has run at most `floor((k - 1) / maxConcurrency)`
 * Tasks of at most one budget each, so the k-th ends by `floor((k - 1) / maxConcurrency) + 1`
 * budgets, however the Tasks' lengths vary.
 *
 * @example
 * fanOutBudgets({ items: 64, maxConcurrency: 10 }); // 7
 */
export function fanOutBudgets({
  items,
  maxConcurrency,
}: {
  items: number;
  maxConcurrency: number;
}): number {
  return Math.ceil(items / maxConcurrency);
}

/**
 * The longest a processing execution can take, the ASL's `TimeoutSeconds`. A task's budget is its
 * service's timeout on every attempt plus the longest retry waits:
 * `budget = timeoutSec × (retries + 1) + Σ waits`. A plain step costs one budget. Each step that
 * fans out (the render, the transcode) costs `prepare + Map + (finish | abandon)` = `(1 +
 * fanOutBudgets({ items: MAX_FAN_OUT_ITEMS, maxConcurrency }) + 1) × budget`: finish and abandon
 * are exclusive (abandon runs only from the Map's Catch, and finish's Catch goes to MarkFailed).
 * Then the finalize task's budget. The sum is the timeout.
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
  const stepBudgetSec = ({ service, fanOut }: WorkflowStep) =>
    fanOut === undefined
      ? taskBudgetSec(service)
      : (2 + fanOutBudgets({ items: MAX_FAN_OUT_ITEMS, maxConcurrency: fanOut.maxConcurrency })) *
        taskBudgetSec(service);
  return [
    ...(processingSteps as readonly WorkflowStep[]).map(stepBudgetSec),
    taskBudgetSec(finalizeService),
  ].reduce((sum, budgetSec) => sum + budgetSec, 0);
}

/**
 * How long a run lease holds without a release: the workflow's timeout plus the starter's margin.
 * A run that crashed frees its job after this (locally at once, when its process has exited).
 */
export const RUN_LEASE_TTL_MS = (processingWorkflowTimeoutSec() + RUN_START_MARGIN_SEC) * 1000;
