import type { ServiceName } from '@reel/service-presets';
import type { AslDefinition } from './processing-workflow';

/** What a Lambda invocation of a service looks like to the local runner. */
export type InvokeService = (
  service: ServiceName,
  payload: unknown,
  stateName: string,
) => Promise<unknown>;

export interface RunWorkflowLocallyOptions {
  definition: AslDefinition;
  input: Record<string, unknown>;
  invokeService: InvokeService;
  /** Maps a Task resource back to its service; {@link localResourceFor} makes resources it can read. */
  serviceForResource?: (resource: string) => ServiceName;
  /** Milliseconds between retries instead of the ASL's seconds (tests, demos). */
  retryIntervalMs?: number;
  signal?: AbortSignal;
  /**
   * Validate the definition with asl-validator first (default true). Compiling its schemas costs
   * ~300 ms per run; callers running `buildProcessingWorkflow`'s output, which the workflow tests
   * validate, may skip it.
   */
  validateDefinition?: boolean;
}

export interface LocalExecutionResult {
  status: 'SUCCEEDED' | 'FAILED';
  output?: unknown;
  error?: { name: string; message: string };
}

const LOCAL_ARN_PREFIX = 'arn:aws:lambda:us-east-1:000000000000:function:reel-';

/** A syntactically valid Lambda ARN naming a service, for the local runner's Task resources. */
export function localResourceFor(service: ServiceName): string {
  return `${LOCAL_ARN_PREFIX}${service}`;
}

function serviceFromLocalResource(resource: string): ServiceName {
  if (!resource.startsWith(LOCAL_ARN_PREFIX))
    throw new TypeError(`Not a local reel resource: ${resource}`);
  return resource.slice(LOCAL_ARN_PREFIX.length) as ServiceName;
}

/**
 * Lambda reports a failed invocation as `errorType` + `errorMessage`, and Step Functions puts that
 * JSON in a Catch's `Cause`. The local runner does the same so `MarkFailed` reads one shape in both
 * places.
 */
class LambdaFunctionError extends Error {
  constructor(errorType: string, errorMessage: string) {
    super(JSON.stringify({ errorType, errorMessage }));
    this.name = errorType;
  }
}

/**
 * Runs the ASL with aws-local-stepfunctions, sending every Task to `invokeService` — in reel, the
 * built bundle of that service, invoked like Lambda would.
 *
 * @example
 * const result = await runWorkflowLocally({ definition, input, invokeService: invokeBundle });
 */
export async function runWorkflowLocally({
  definition,
  input,
  invokeService,
  serviceForResource = serviceFromLocalResource,
  retryIntervalMs,
  signal,
  validateDefinition = true,
}: RunWorkflowLocallyOptions): Promise<LocalExecutionResult> {
  const taskStates = taskStatesOf(definition.States);
  const handlers = Object.fromEntries(
    taskStates.map(([stateName, state]) => {
      const service = serviceForResource(String(state['Resource']));
      const handler = async (payload: unknown) => {
        try {
          // Handlers return JSON (Lambda payloads); the executor's JSONValue type is not exported.
          return (await invokeService(service, payload, stateName)) as never;
        } catch (error) {
          const name = error instanceof Error ? error.name : 'Error';
          const message = error instanceof Error ? error.message : String(error);
          throw new LambdaFunctionError(name, message);
        }
      };
      return [stateName, handler];
    }),
  );
  const retryIntervalOverrides =
    retryIntervalMs === undefined
      ? undefined
      : Object.fromEntries(taskStates.map(([stateName]) => [stateName, retryIntervalMs]));
  // Imported on first use: importing this lib (for the ASL, intake or the lease TTL) stays cheap.
  const { ExecutionError, StateMachine } = await import('aws-local-stepfunctions');
  const stateMachine = new StateMachine(definition as never, {
    validationOptions: validateDefinition
      ? { checkPaths: true, checkArn: true }
      : { noValidate: true },
  });
  const execution = stateMachine.run(input as never, {
    overrides: { taskResourceLocalHandlers: handlers, retryIntervalOverrides },
  });
  signal?.addEventListener('abort', () => execution.abort(), { once: true });
  try {
    return { status: 'SUCCEEDED', output: await execution.result };
  } catch (error) {
    if (error instanceof ExecutionError) {
      const cause = (error as Error & { cause?: Error }).cause;
      return {
        status: 'FAILED',
        error: { name: cause?.name ?? error.name, message: cause?.message ?? error.message },
      };
    }
    // The executor itself broke: stop it so no pending retry timer invokes a service afterwards.
    execution.abort();
    throw error;
  }
}

/** Every Task of the machine with its name, those inside Map item processors included. */
function taskStatesOf(states: AslDefinition['States']): Array<[string, Record<string, unknown>]> {
  return Object.entries(states).flatMap(([stateName, state]) => {
    if (state['Type'] === 'Task') return [[stateName, state]];
    const processor = state['ItemProcessor'] as { States?: AslDefinition['States'] } | undefined;
    return processor?.States ? taskStatesOf(processor.States) : [];
  });
}
