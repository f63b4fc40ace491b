import type { SFNClient } from '@aws-sdk/client-sfn';
import type { ReelConfig } from '@reel/config';
import {
  ConfigInvalidError,
  InternalError,
  TransientError,
  errorCatalog,
  errorTypes,
  fromErrorInfo,
  toReelError,
} from '@reel/error-taxonomy';
import type { ProcessingExecutionInput } from './processing-workflow';

export interface StartWorkflowOptions {
  /** `buildExecutionName(…)`: unique per job and run, never reused (≤ 80 characters). */
  executionName: string;
  input: ProcessingExecutionInput;
}

export interface StopWorkflowOptions {
  executionName: string;
  /** Why it stops (recorded with the stopped execution). */
  cause: string;
}

export interface WorkflowStarter {
  /**
   * Starts one execution of the processing workflow. Starting a name again is not an error and
   * starts nothing: `alreadyStarted: true` (Step Functions answers a repeat with the same input
   * as a plain success, so there it may read `false`).
   */
  start(options: StartWorkflowOptions): Promise<{ alreadyStarted: boolean }>;
  /** Stops a running execution; `stopped: false` when no execution has that name. */
  stop(options: StopWorkflowOptions): Promise<{ stopped: boolean }>;
}

export interface StepFunctionsStarterOptions {
  stateMachineArn: string;
  region?: string;
  /** A Step Functions-compatible endpoint (moto_server in tests). */
  endpoint?: string;
  /** The client to send with (credentials, tracing); default one for `region`/`endpoint`. */
  sfnClient?: SFNClient;
  /** Wraps the default client once it exists (X-Ray's `captureAWSv3Client`). */
  instrumentClient?: <T>(client: T) => T;
}

type SfnSdk = typeof import('./workflow-starter-sfn-sdk');
let sfnSdkLoading: Promise<SfnSdk> | undefined;
const loadSfnSdk = () => (sfnSdkLoading ??= import('./workflow-starter-sfn-sdk'));

/**
 * Starts and stops processing runs on a Step Functions state machine (`StartExecution` with the
 * execution name and the input as JSON, `StopExecution` with error `Cancelled`). The SDK is loaded
 * on first use. `ExecutionAlreadyExists` counts as started; a stop of an unknown execution
 * (`ExecutionDoesNotExist`) is `stopped: false`; other SDK errors map like every AWS error
 * (throttling → TransientError).
 *
 * @example
 * const starter = createStepFunctionsStarter({ stateMachineArn, region: 'eu-west-1' });
 * await starter.start({ executionName: buildExecutionName({ tenantId, jobId, runNumber: 1 }), input });
 */
export function createStepFunctionsStarter({
  stateMachineArn,
  region,
  endpoint,
  sfnClient,
  instrumentClient = (client) => client,
}: StepFunctionsStarterOptions): WorkflowStarter {
  let client: Promise<SFNClient> | undefined;
  const clientOnce = () =>
    (client ??= loadSfnSdk().then(
      ({ SFNClient }) =>
        sfnClient ??
        instrumentClient(
          new SFNClient({ region, ...(endpoint === undefined ? {} : { endpoint }) }),
        ),
    ));
  return {
    async start({ executionName, input }) {
      const { StartExecutionCommand } = await loadSfnSdk();
      try {
        await (
          await clientOnce()
        ).send(
          new StartExecutionCommand({
            stateMachineArn,
            name: executionName,
            input: JSON.stringify(input),
          }),
        );
        return { alreadyStarted: false };
      } catch (error) {
        if (errorName(error) === 'ExecutionAlreadyExists') return { alreadyStarted: true };
        throw toReelError(error);
      }
    },
    async stop({ executionName, cause }) {
      const { StopExecutionCommand } = await loadSfnSdk();
      try {
        await (
          await clientOnce()
        ).send(
          new StopExecutionCommand({
            executionArn: executionArnOf(stateMachineArn, executionName),
            error: 'Cancelled',
            cause,
          }),
        );
        return { stopped: true };
      } catch (error) {
        if (errorName(error) === 'ExecutionDoesNotExist') return { stopped: false };
        throw toReelError(error);
      }
    },
  };
}

/**
 * `arn:aws:states:{region}:{account}:stateMachine:{machine}` → the ARN of its execution `name`
 * (`…:execution:{machine}:{name}`), which StopExecution takes.
 */
export function executionArnOf(stateMachineArn: string, executionName: string): string {
  const marker = ':stateMachine:';
  const at = stateMachineArn.indexOf(marker);
  if (at < 0) {
    throw new ConfigInvalidError(`${stateMachineArn} is not a state machine ARN`, {
      advice: 'REEL_STATE_MACHINE_ARN looks like arn:aws:states:REGION:ACCOUNT:stateMachine:NAME.',
    });
  }
  const machine = stateMachineArn.slice(at + marker.length);
  return `${stateMachineArn.slice(0, at)}:execution:${machine}:${executionName}`;
}

export interface LocalWorkflowStarterOptions {
  /** `REEL_LOCAL_WORKFLOW_URL`: reel serve's workflow endpoint. */
  url: string;
  fetch?: typeof fetch;
}

/**
 * Starts and stops runs on the local workflow endpoint of `reel serve`: `POST {url}` with
 * `{ executionName, input }` (201 started, 200 already started), `DELETE {url}/{executionName}`
 * with `{ cause }` (200 stopped, 404 unknown). An endpoint that does not answer is a
 * TransientError; an error it answers (problem+json) is rethrown as its taxonomy class.
 *
 * @example
 * const starter = createLocalWorkflowStarter({ url: 'http://127.0.0.1:8080/_reel/workflow/executions' });
 */
export function createLocalWorkflowStarter({
  url,
  fetch: fetchFn = fetch,
}: LocalWorkflowStarterOptions): WorkflowStarter {
  const send = async (target: string, init: RequestInit): Promise<Response> => {
    try {
      return await fetchFn(target, {
        ...init,
        headers: { 'content-type': 'application/json' },
        signal: AbortSignal.timeout(LOCAL_REQUEST_TIMEOUT_MS),
      });
    } catch (error) {
      throw new TransientError(`The local workflow endpoint ${url} did not answer`, {
        cause: error,
        advice:
          'Processing runs locally inside `npx reel serve`: start it (it sets REEL_LOCAL_WORKFLOW_URL for its hosts).',
      });
    }
  };
  return {
    async start({ executionName, input }) {
      const response = await send(url, {
        method: 'POST',
        body: JSON.stringify({ executionName, input }),
      });
      if (response.status === 201 || response.status === 200) {
        await response.body?.cancel();
        return { alreadyStarted: response.status === 200 };
      }
      throw await answeredError(response, `starting ${executionName}`);
    },
    async stop({ executionName, cause }) {
      const response = await send(`${url}/${encodeURIComponent(executionName)}`, {
        method: 'DELETE',
        body: JSON.stringify({ cause }),
      });
      if (response.status === 200 || response.status === 404) {
        await response.body?.cancel();
        return { stopped: response.status === 200 };
      }
      throw await answeredError(response, `stopping ${executionName}`);
    },
  };
}

const LOCAL_REQUEST_TIMEOUT_MS = 10_000;

async function answeredError(response: Response, what: string): Promise<Error> {
  const problem = (await response.json().catch(() => undefined)) as
    { code?: unknown; detail?: unknown; advice?: unknown } | undefined;
  const type = errorTypes.find((candidate) => errorCatalog[candidate].code === problem?.code);
  if (type !== undefined && typeof problem?.detail === 'string') {
    return fromErrorInfo({
      type,
      message: problem.detail,
      ...(typeof problem.advice === 'string' ? { advice: problem.advice } : {}),
    });
  }
  const message = `The local workflow endpoint answered ${response.status} ${what}`;
  return response.status >= 500 ? new TransientError(message) : new InternalError(message);
}

/**
 * The starter a loaded config asks for: Step Functions on `REEL_STATE_MACHINE_ARN` (AWS), the
 * endpoint at `REEL_LOCAL_WORKFLOW_URL` (local). Without that variable the starter still exists
 * (an API answers its other routes) and each `start`/`stop` throws a ConfigInvalidError naming it.
 *
 * @example
 * const starter = createWorkflowStarterFromConfig(loadConfig(process.env), { instrumentClient });
 */
export function createWorkflowStarterFromConfig(
  config: ReelConfig,
  options: Pick<StepFunctionsStarterOptions, 'sfnClient' | 'instrumentClient'> = {},
): WorkflowStarter {
  if (config.backend === 'aws') {
    if (config.stateMachineArn === undefined) return unconfigured('REEL_STATE_MACHINE_ARN');
    return createStepFunctionsStarter({
      ...options,
      stateMachineArn: config.stateMachineArn,
      region: config.region,
      ...(config.stepFunctionsEndpoint === undefined
        ? {}
        : { endpoint: config.stepFunctionsEndpoint }),
    });
  }
  if (config.localWorkflowUrl === undefined) return unconfigured('REEL_LOCAL_WORKFLOW_URL');
  return createLocalWorkflowStarter({ url: config.localWorkflowUrl });
}

function unconfigured(variable: string): WorkflowStarter {
  const refuse = async (): Promise<never> => {
    throw new ConfigInvalidError(`${variable} is not set: processing runs cannot start or stop`, {
      advice:
        variable === 'REEL_LOCAL_WORKFLOW_URL'
          ? 'Serve the API with `npx reel serve`, which runs the workflow and sets REEL_LOCAL_WORKFLOW_URL for its hosts.'
          : 'Set REEL_STATE_MACHINE_ARN to the processing state machine (the infra stack outputs it).',
    });
  };
  return { start: refuse, stop: refuse };
}

function errorName(error: unknown): unknown {
  return typeof error === 'object' && error !== null
    ? (error as { name?: unknown }).name
    : undefined;
}
