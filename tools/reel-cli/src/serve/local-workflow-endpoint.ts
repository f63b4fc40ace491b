import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  InvalidRequestError,
  MethodNotAllowedError,
  NotFoundError,
  PayloadTooLargeError,
  PermissionDeniedError,
  toProblemResponse,
} from '@reel/error-taxonomy';
import type { ProcessingExecutionInput } from '@reel/workflow';

/** Where reel serve answers the local workflow starter; its hosts get it as `REEL_LOCAL_WORKFLOW_URL`. */
export const WORKFLOW_BASE_PATH = '/_reel/workflow/executions';

/** Step Functions' own limit on an execution's input. */
const MAX_INPUT_BYTES = 256 * 1024;
const EXECUTION_NAME_PATTERN = /^[A-Za-z0-9_-]{1,80}$/;
const LOOPBACK_ADDRESSES = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

export type ExecutionStatus = 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'ABORTED';

/** Runs one execution to its end; rejects or resolves `FAILED` when the workflow failed. */
export type RunExecution = (options: {
  executionName: string;
  input: ProcessingExecutionInput;
  signal: AbortSignal;
}) => Promise<'SUCCEEDED' | 'FAILED'>;

export interface LocalWorkflowEndpointOptions {
  runExecution: RunExecution;
  /** One JSON line per execution event (started, ended, stopped). */
  writeLog: (line: string) => void;
  /**
   * Called after `close()` for each execution it stopped (not one a `DELETE` stopped: its caller
   * records the cancel): what the status processor does on AWS for an ABORTED execution, so a
   * video is not left `processing` under a lease nobody will release until it expires.
   */
  onAbandoned?: (execution: {
    executionName: string;
    input: ProcessingExecutionInput;
  }) => Promise<void>;
}

export interface LocalWorkflowEndpoint {
  /** Answers a request under {@link WORKFLOW_BASE_PATH}. */
  handle(request: IncomingMessage, response: ServerResponse): Promise<void>;
  /** Executions not yet ended. */
  running(): number;
  /** Stops every running execution (their hosts exit) and waits for them to end. */
  close(): Promise<void>;
}

interface Execution {
  status: ExecutionStatus;
  controller: AbortController;
  ended: Promise<void>;
  input: ProcessingExecutionInput;
}

/**
 * Step Functions' start/stop/describe for `reel serve`, on loopback only: `POST` `{ executionName,
 * input }` starts the run (201; the same name again: 200, nothing started — a name runs once, as
 * on AWS), `DELETE /{name}` stops it (200 once the run has ended; unknown: 404), `GET /{name}`
 * tells its status. Runs go to `runExecution` (reel run's warm hosts); a stop aborts the run,
 * whose hosts then exit.
 *
 * @example
 * const endpoint = createLocalWorkflowEndpoint({ runExecution, writeLog });
 * if (url.startsWith(WORKFLOW_BASE_PATH)) await endpoint.handle(request, response);
 */
export function createLocalWorkflowEndpoint({
  runExecution,
  writeLog,
  onAbandoned,
}: LocalWorkflowEndpointOptions): LocalWorkflowEndpoint {
  const executions = new Map<string, Execution>();
  let closing = false;
  const log = (level: 'INFO' | 'ERROR', message: string, fields: Record<string, unknown>) =>
    writeLog(JSON.stringify({ time: new Date().toISOString(), level, message, ...fields }));

  const start = (executionName: string, input: ProcessingExecutionInput): void => {
    const controller = new AbortController();
    const execution: Execution = {
      status: 'RUNNING',
      controller,
      ended: Promise.resolve(),
      input,
    };
    executions.set(executionName, execution);
    log('INFO', 'Execution started', {
      executionName,
      job: input.job,
      resumeFrom: input.resumeFrom,
    });
    execution.ended = runExecution({ executionName, input, signal: controller.signal }).then(
      (status) => {
        execution.status = controller.signal.aborted ? 'ABORTED' : status;
        log('INFO', 'Execution ended', { executionName, status: execution.status });
      },
      (error: unknown) => {
        execution.status = controller.signal.aborted ? 'ABORTED' : 'FAILED';
        log(controller.signal.aborted ? 'INFO' : 'ERROR', 'Execution ended', {
          executionName,
          status: execution.status,
          ...(controller.signal.aborted ? {} : { error: String(error) }),
        });
      },
    );
  };

  const answer = async (request: IncomingMessage): Promise<{ status: number; body: unknown }> => {
    if (!LOOPBACK_ADDRESSES.has(request.socket.remoteAddress ?? '')) {
      throw new PermissionDeniedError('The local workflow endpoint answers this machine only');
    }
    const path = (request.url ?? '').split('?')[0] ?? '';
    if (path === WORKFLOW_BASE_PATH) {
      if (request.method !== 'POST') {
        throw new MethodNotAllowedError(`${request.method} ${WORKFLOW_BASE_PATH}`, {
          allowedMethods: ['POST'],
        });
      }
      const { executionName, input } = parseStart(await readJson(request));
      if (executions.has(executionName)) return { status: 200, body: { executionName } };
      if (closing) throw new PermissionDeniedError('reel serve is stopping: no new executions');
      start(executionName, input);
      return { status: 201, body: { executionName } };
    }
    const executionName = decodeURIComponent(path.slice(WORKFLOW_BASE_PATH.length + 1));
    const execution = executions.get(executionName);
    if (!path.startsWith(`${WORKFLOW_BASE_PATH}/`) || execution === undefined) {
      throw new NotFoundError(`No execution named ${executionName.slice(0, 80)}`);
    }
    if (request.method === 'GET')
      return { status: 200, body: { executionName, status: execution.status } };
    if (request.method !== 'DELETE') {
      throw new MethodNotAllowedError(`${request.method} ${path}`, {
        allowedMethods: ['GET', 'DELETE'],
      });
    }
    const { cause } = (await readJson(request)) as { cause?: unknown };
    if (execution.status === 'RUNNING') {
      log('INFO', 'Execution stopping', { executionName, cause: String(cause ?? '') });
      execution.controller.abort();
    }
    // Answered once the run has ended (its hosts gone, its log stored under the job): a caller
    // that deletes the job next (DELETE /videos/{id}?cancel=true) must not race the run's last writes.
    await execution.ended;
    return { status: 200, body: { executionName } };
  };

  return {
    async handle(request, response) {
      let status: number;
      let body: unknown;
      let headers: Record<string, string> = { 'content-type': 'application/json' };
      try {
        ({ status, body } = await answer(request));
      } catch (error) {
        const problem = toProblemResponse(error, { instance: request.url ?? '' });
        ({ status, body, headers } = problem);
      }
      response.writeHead(status, headers).end(JSON.stringify(body));
    },
    running: () => [...executions.values()].filter(({ status }) => status === 'RUNNING').length,
    async close() {
      closing = true;
      const abandoned = [...executions].filter(([, { status }]) => status === 'RUNNING');
      for (const [, execution] of abandoned) execution.controller.abort();
      await Promise.all([...executions.values()].map(({ ended }) => ended));
      for (const [executionName, { input }] of abandoned) {
        await onAbandoned?.({ executionName, input }).catch((error: unknown) =>
          log('ERROR', 'Abandoned execution not recorded', {
            executionName,
            error: String(error),
          }),
        );
      }
    },
  };
}

function parseStart(body: unknown): { executionName: string; input: ProcessingExecutionInput } {
  const { executionName, input } = (body ?? {}) as { executionName?: unknown; input?: unknown };
  if (typeof executionName !== 'string' || !EXECUTION_NAME_PATTERN.test(executionName)) {
    throw new InvalidRequestError('executionName must be 1–80 letters, digits, "-" or "_"');
  }
  const { job, resumeFrom, options } = (input ?? {}) as Partial<ProcessingExecutionInput>;
  const ids = [job?.env, job?.tenantId, job?.jobId, job?.runId, job?.correlationId, resumeFrom];
  if (ids.some((value) => typeof value !== 'string') || typeof options !== 'object') {
    throw new InvalidRequestError(
      'input must be a processing execution input: { job: { env, tenantId, jobId, correlationId, runId }, options, resumeFrom }',
    );
  }
  return { executionName, input: input as ProcessingExecutionInput };
}

async function readJson(request: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let bytes = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    bytes += chunk.length;
    if (bytes > MAX_INPUT_BYTES) {
      throw new PayloadTooLargeError(`An execution request is at most ${MAX_INPUT_BYTES} bytes`);
    }
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (text === '') return {};
  try {
    return JSON.parse(text);
  } catch {
    throw new InvalidRequestError('The body is not JSON');
  }
}
