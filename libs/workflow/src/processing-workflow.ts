import { getServicePreset, type ServiceName } from '@reel/service-presets';
import { toStepFunctionsRetry, type RetryPolicy } from '@reel/retry-policy';
import { processingWorkflowTimeoutSec } from './run-lease-ttl';
import {
  finalizeService,
  processingSteps,
  type WorkflowFanOut,
  type WorkflowStep,
} from './workflow-steps';

/** An Amazon States Language document (the subset reel uses: Task, Choice, inline Map, Fail, Retry, Catch). */
export interface AslDefinition {
  Comment: string;
  StartAt: string;
  TimeoutSeconds?: number;
  States: Record<string, Record<string, unknown>>;
}

export interface BuildProcessingWorkflowOptions {
  /** The Task `Resource` of a service: a Lambda ARN on AWS, any unique name locally. */
  resourceFor: (service: ServiceName) => string;
  /** In-task retries of the workflow; rendered with the same policy the services use in-process. */
  retryPolicy?: RetryPolicy;
}

/** What starts a processing execution; each Task receives `{ job, options, step }`. */
export interface ProcessingExecutionInput {
  job: {
    env: string;
    tenantId: string;
    jobId: string;
    correlationId: string;
    /** The run holding the job's run lease (Step Functions execution name on AWS). */
    runId: string;
  };
  /** Step options, e.g. `{ segmentDurationSec: 30 }`. */
  options: Record<string, unknown>;
  /** The step to start at (a failed job resumes at its failed step). */
  resumeFrom: string;
}

const RESUME_ROUTER = 'RouteResume';
const MARK_COMPLETED = 'MarkCompleted';
const MARK_FAILED = 'MarkFailed';
const JOB_FAILED = 'JobFailed';

/**
 * The processing workflow as one ASL document, used unchanged by the CDK state machine and by the
 * local runner (aws-local-stepfunctions). Execution input ({@link ProcessingExecutionInput}):
 * `{ job: { env, tenantId, jobId, correlationId, runId }, options: {...}, resumeFrom: '<step>' }`,
 * where `runId` holds the job's run lease (every step checks it; the finalizer releases it). The
 * execution's `TimeoutSeconds` covers every step's retries ({@link processingWorkflowTimeoutSec}).
 * Steps read what they need from the job's manifest, so the state carries only ids — which is also
 * what lets a failed job resume at its failed step (`resumeFrom`).
 *
 * A step that fans out ({@link WorkflowFanOut}: the render, the transcode) is its Task (phase `prepare`), a Choice
 * that skips the rest when that Task finished the step, an inline Map of chunk Tasks (phase
 * `chunk`, `MaxConcurrency` bounded), a `finish` Task that joins them and records the step, and an
 * `abandon` Task the Map's Catch runs before MarkFailed (the step attempt ends `failed`, chunks
 * removed). Each Task gets `phase` in its event; the Map's Tasks also `chunk` (the index) and every
 * later Task `chunkCount`, so the state stays a few hundred bytes whatever the edit's length.
 *
 * Only Task, Choice, inline Map and Fail states with Retry/Catch are used: both Step Functions and
 * aws-local-stepfunctions run them the same way.
 *
 * @example
 * const definition = buildProcessingWorkflow({ resourceFor: (service) => functionArns[service] });
 */
export function buildProcessingWorkflow({
  resourceFor,
  retryPolicy,
}: BuildProcessingWorkflowOptions): AslDefinition {
  const retry = toStepFunctionsRetry({ policy: retryPolicy });
  const states: AslDefinition['States'] = {
    [RESUME_ROUTER]: {
      Type: 'Choice',
      Comment: 'Start at $.resumeFrom (a step name) so a failed job re-runs only what failed.',
      Choices: processingSteps.map(({ step, stateName }) => ({
        Variable: '$.resumeFrom',
        StringEquals: step,
        Next: stateName,
      })),
      Default: processingSteps[0].stateName,
    },
  };
  (processingSteps as readonly WorkflowStep[]).forEach(
    ({ stateName, service, step, fanOut }, index) => {
      const next = processingSteps[index + 1]?.stateName ?? MARK_COMPLETED;
      const task = taskStateOf({ resource: resourceFor(service), service, retry });
      const resultPath = `$.results.${step.replace(/-/g, '_')}`;
      states[stateName] = {
        ...task,
        Parameters: {
          'job.$': '$.job',
          'options.$': '$.options',
          step,
          ...(fanOut ? { phase: 'prepare' } : {}),
        },
        ResultPath: resultPath,
        Catch: [catchInto(MARK_FAILED)],
        Next: fanOut ? fanOut.choiceStateName : next,
      };
      if (fanOut) Object.assign(states, fanOutStates({ fanOut, step, task, resultPath, next }));
    },
  );
  states[MARK_COMPLETED] = {
    Type: 'Task',
    Resource: resourceFor(finalizeService),
    Parameters: { 'job.$': '$.job', action: 'complete' },
    ResultPath: '$.outcome',
    TimeoutSeconds: getServicePreset(finalizeService).timeoutSec,
    Retry: retry,
    End: true,
  };
  states[MARK_FAILED] = {
    Type: 'Task',
    Resource: resourceFor(finalizeService),
    Parameters: { 'job.$': '$.job', action: 'fail', 'failure.$': '$.failure' },
    ResultPath: '$.outcome',
    TimeoutSeconds: getServicePreset(finalizeService).timeoutSec,
    Retry: retry,
    Next: JOB_FAILED,
  };
  states[JOB_FAILED] = {
    Type: 'Fail',
    Error: 'JobFailed',
    Cause: 'A step failed; the job manifest holds the typed error.',
  };
  return {
    Comment:
      'reel processing workflow: validate → audio extraction → transcription → cut plan → render → transcode (each in chunks when long) → complete (generated by @reel/workflow)',
    StartAt: RESUME_ROUTER,
    TimeoutSeconds: processingWorkflowTimeoutSec(retryPolicy),
    States: states,
  };
}

const catchInto = (next: string, resultPath = '$.failure') => ({
  ErrorEquals: ['States.ALL'],
  ResultPath: resultPath,
  Next: next,
});

/** What every Task of a service has: its resource, its preset timeout and the retry policy. */
function taskStateOf({
  resource,
  service,
  retry,
}: {
  resource: string;
  service: ServiceName;
  retry: unknown;
}): Record<string, unknown> {
  return {
    Type: 'Task',
    Resource: resource,
    TimeoutSeconds: getServicePreset(service).timeoutSec,
    Retry: retry,
  };
}

/** The Choice, Map, finish and abandon states of a step that fans out. */
function fanOutStates({
  fanOut,
  step,
  task,
  resultPath,
  next,
}: {
  fanOut: WorkflowFanOut;
  step: string;
  task: Record<string, unknown>;
  resultPath: string;
  next: string;
}): AslDefinition['States'] {
  const ids = { 'job.$': '$.job', 'options.$': '$.options', step };
  const chunkCount = { 'chunkCount.$': `${resultPath}.chunkCount` };
  return {
    [fanOut.choiceStateName]: {
      Type: 'Choice',
      Comment: 'The prepare phase either finished the step (a short edit) or planned chunks.',
      Choices: [
        {
          And: [
            { Variable: `${resultPath}.chunked`, IsPresent: true },
            { Variable: `${resultPath}.chunked`, BooleanEquals: true },
          ],
          Next: fanOut.mapStateName,
        },
      ],
      Default: next,
    },
    [fanOut.mapStateName]: {
      Type: 'Map',
      ItemsPath: `${resultPath}.chunks`,
      ItemSelector: { ...ids, phase: 'chunk', 'chunk.$': '$$.Map.Item.Value.index', ...chunkCount },
      MaxConcurrency: fanOut.maxConcurrency,
      ItemProcessor: {
        ProcessorConfig: { Mode: 'INLINE' },
        StartAt: fanOut.chunkStateName,
        States: { [fanOut.chunkStateName]: { ...task, End: true } },
      },
      // Each chunk's result is its stored key; the finish phase lists them itself.
      ResultPath: null,
      Catch: [catchInto(fanOut.abandonStateName)],
      Next: fanOut.finishStateName,
    },
    [fanOut.finishStateName]: {
      ...task,
      Parameters: { ...ids, phase: 'finish', ...chunkCount },
      ResultPath: resultPath,
      Catch: [catchInto(MARK_FAILED)],
      Next: next,
    },
    [fanOut.abandonStateName]: {
      ...task,
      Parameters: { ...ids, phase: 'abandon', ...chunkCount, 'failure.$': '$.failure' },
      ResultPath: null,
      // The chunk's error stays in $.failure for MarkFailed whatever happens here.
      Catch: [catchInto(MARK_FAILED, '$.abandonFailure')],
      Next: MARK_FAILED,
    },
  };
}
