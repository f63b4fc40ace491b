import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { InvalidRequestError } from '@reel/error-taxonomy';
import { createLocalWorkflowStarter, type ProcessingExecutionInput } from '@reel/workflow';
import { afterEach, describe, expect, it } from 'vitest';
import {
  WORKFLOW_BASE_PATH,
  createLocalWorkflowEndpoint,
  type LocalWorkflowEndpoint,
  type LocalWorkflowEndpointOptions,
  type RunExecution,
} from './local-workflow-endpoint';

const input: ProcessingExecutionInput = {
  job: { env: 'dev', tenantId: 'acme', jobId: 'video-1', correlationId: 'c-1', runId: 'jabc-r1' },
  options: {},
  resumeFrom: 'validate',
};

/** A run that lasts until it is aborted (or `finish` is called), recording each start. */
function controllableRuns() {
  const started: string[] = [];
  const finishers = new Map<string, () => void>();
  const runExecution: RunExecution = ({ executionName, signal }) =>
    new Promise((resolve, reject) => {
      started.push(executionName);
      finishers.set(executionName, () => resolve('SUCCEEDED'));
      signal.addEventListener('abort', () => reject(new Error('aborted')), { once: true });
    });
  return { started, runExecution, finish: (name: string) => finishers.get(name)?.() };
}

/** A run that only ends `windDownMs` after its abort, as hosts exit and a log is stored. */
function windingDownRun(windDownMs: number) {
  const state = { ended: false };
  const runExecution: RunExecution = ({ signal }) =>
    new Promise((_resolve, reject) =>
      signal.addEventListener('abort', () =>
        setTimeout(() => {
          state.ended = true;
          reject(new Error('aborted'));
        }, windDownMs),
      ),
    );
  return { state, runExecution };
}

describe('Function: createLocalWorkflowEndpoint', () => {
  let server: Server | undefined;
  let endpoint: LocalWorkflowEndpoint | undefined;

  afterEach(async () => {
    await endpoint?.close();
    await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
  });

  async function serve(
    runExecution: RunExecution,
    onAbandoned?: LocalWorkflowEndpointOptions['onAbandoned'],
  ) {
    const lines: string[] = [];
    endpoint = createLocalWorkflowEndpoint({
      runExecution,
      writeLog: (line) => lines.push(line),
      ...(onAbandoned === undefined ? {} : { onAbandoned }),
    });
    const handler = endpoint;
    server = createServer((request, response) => void handler.handle(request, response));
    await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}${WORKFLOW_BASE_PATH}`;
    return { url, lines };
  }

  const statusOf = async (url: string, name: string) =>
    ((await (await fetch(`${url}/${name}`)).json()) as { status: string }).status;

  it('runs a name once: a second start answers already started and runs nothing', async () => {
    // Prepare
    const runs = controllableRuns();
    const { url } = await serve(runs.runExecution);
    const starter = createLocalWorkflowStarter({ url });

    // Act
    const first = await starter.start({ executionName: 'jabc-r1', input });
    const second = await starter.start({ executionName: 'jabc-r1', input });

    // Assess
    expect(first).toEqual({ alreadyStarted: false });
    expect(second).toEqual({ alreadyStarted: true });
    expect(runs.started).toEqual(['jabc-r1']);
    expect(await statusOf(url, 'jabc-r1')).toBe('RUNNING');
    runs.finish('jabc-r1');
    await expect.poll(() => statusOf(url, 'jabc-r1')).toBe('SUCCEEDED');
  });

  it('stops a running execution by aborting its run, and does not know other names', async () => {
    // Prepare
    const runs = controllableRuns();
    const { url, lines } = await serve(runs.runExecution);
    const starter = createLocalWorkflowStarter({ url });
    await starter.start({ executionName: 'jabc-r2', input });

    // Act
    const stopped = await starter.stop({
      executionName: 'jabc-r2',
      cause: 'Cancelled by the user',
    });
    const unknown = await starter.stop({ executionName: 'jzzz-r1', cause: 'Cancelled' });

    // Assess
    expect(stopped).toEqual({ stopped: true });
    expect(unknown).toEqual({ stopped: false });
    await expect.poll(() => statusOf(url, 'jabc-r2')).toBe('ABORTED');
    expect(lines.map((line) => JSON.parse(line).message)).toEqual([
      'Execution started',
      'Execution stopping',
      'Execution ended',
    ]);
  });

  it('answers a stop only once the run has ended, so the caller may delete what it wrote', async () => {
    // Prepare
    const run = windingDownRun(200);
    const { url } = await serve(run.runExecution);
    const starter = createLocalWorkflowStarter({ url });
    await starter.start({ executionName: 'jabc-r6', input });

    // Act
    const stopped = await starter.stop({ executionName: 'jabc-r6', cause: 'Cancelled' });

    // Assess
    expect(stopped).toEqual({ stopped: true });
    expect(run.state.ended).toBe(true);
    expect(await statusOf(url, 'jabc-r6')).toBe('ABORTED');
  });

  it('refuses a bad name or input with a problem, starting nothing', async () => {
    // Prepare
    const runs = controllableRuns();
    const { url } = await serve(runs.runExecution);
    const starter = createLocalWorkflowStarter({ url });

    // Act / Assess
    await expect(starter.start({ executionName: 'bad name/1', input })).rejects.toThrow(
      InvalidRequestError,
    );
    await expect(
      starter.start({
        executionName: 'jabc-r3',
        input: { ...input, job: undefined } as unknown as ProcessingExecutionInput,
      }),
    ).rejects.toThrow(InvalidRequestError);
    const put = await fetch(url, { method: 'PUT' });
    expect(put.status).toBe(405);
    expect(put.headers.get('allow')).toBe('POST');
    expect(runs.started).toEqual([]);
  });

  it('closes by aborting every running execution and waiting for it to end', async () => {
    // Prepare
    const run = windingDownRun(50);
    const { url } = await serve(run.runExecution);
    await createLocalWorkflowStarter({ url }).start({ executionName: 'jabc-r4', input });
    expect(endpoint?.running()).toBe(1);

    // Act
    await endpoint?.close();

    // Assess
    expect(run.state.ended).toBe(true);
    expect(endpoint?.running()).toBe(0);
    const refused = await fetch(url, {
      method: 'POST',
      body: JSON.stringify({ executionName: 'jabc-r5', input }),
    });
    expect(refused.status).toBe(403);
  });

  it('on close records each run it stopped as abandoned, not one a DELETE stopped or one that ended', async () => {
    // Prepare
    const runs = controllableRuns();
    const abandoned: string[] = [];
    const { url } = await serve(runs.runExecution, async ({ executionName, input: runInput }) => {
      abandoned.push(`${executionName}:${runInput.job.jobId}`);
    });
    const starter = createLocalWorkflowStarter({ url });
    for (const executionName of ['jabc-r1', 'jabc-r2', 'jabc-r3']) {
      await starter.start({ executionName, input });
    }
    await starter.stop({ executionName: 'jabc-r2', cause: 'cancelled' });
    runs.finish('jabc-r3');
    expect(await statusOf(url, 'jabc-r3')).toBe('SUCCEEDED');

    // Act
    await endpoint?.close();

    // Assess
    expect(abandoned).toEqual(['jabc-r1:video-1']);
  });
});
