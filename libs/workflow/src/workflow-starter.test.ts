import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  CreateStateMachineCommand,
  DescribeExecutionCommand,
  SFNClient,
} from '@aws-sdk/client-sfn';
import { loadConfig } from '@reel/config';
import { ConfigInvalidError, ConflictError, TransientError } from '@reel/error-taxonomy';
import { startMotoServer, type MotoServer } from '@reel/test-servers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProcessingExecutionInput } from './processing-workflow';
import {
  createLocalWorkflowStarter,
  createStepFunctionsStarter,
  createWorkflowStarterFromConfig,
  executionArnOf,
} from './workflow-starter';

const input: ProcessingExecutionInput = {
  job: {
    env: 'dev',
    tenantId: 'acme',
    jobId: 'video-1',
    correlationId: 'c-1',
    runId: 'j0123456789abcdef-r1',
  },
  options: {},
  resumeFrom: 'validate',
};

// Against a real Step Functions API: moto_server on a random loopback port (its executions of a
// Wait state stay RUNNING, so a stop is observable as ABORTED).
describe('Function: createStepFunctionsStarter (moto Step Functions)', () => {
  let moto: MotoServer;
  let sfnClient: SFNClient;
  let stateMachineArn: string;
  const savedEnv = { ...process.env };

  beforeAll(async () => {
    process.env['AWS_EC2_METADATA_DISABLED'] = 'true';
    moto = await startMotoServer();
    sfnClient = new SFNClient({
      endpoint: moto.endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    });
    const created = await sfnClient.send(
      new CreateStateMachineCommand({
        name: 'reel-test',
        roleArn: 'arn:aws:iam::123456789012:role/reel-test',
        definition: JSON.stringify({
          StartAt: 'Wait',
          States: { Wait: { Type: 'Wait', Seconds: 600, End: true } },
        }),
      }),
    );
    stateMachineArn = String(created.stateMachineArn);
  }, 30_000);
  afterAll(async () => {
    sfnClient?.destroy();
    await moto?.close();
    process.env = savedEnv;
  });

  const describeExecution = (executionName: string) =>
    sfnClient.send(
      new DescribeExecutionCommand({
        executionArn: executionArnOf(stateMachineArn, executionName),
      }),
    );

  it('starts an execution with the name and the input as JSON', async () => {
    // Prepare
    const starter = createStepFunctionsStarter({ stateMachineArn, sfnClient });

    // Act
    const started = await starter.start({ executionName: 'jaaaa-r1', input });

    // Assess
    expect(started).toEqual({ alreadyStarted: false });
    const execution = await describeExecution('jaaaa-r1');
    expect(execution.status).toBe('RUNNING');
    expect(JSON.parse(String(execution.input))).toEqual(input);
  });

  it('treats a name started before as started, whatever the input', async () => {
    // Prepare
    const starter = createStepFunctionsStarter({ stateMachineArn, sfnClient });
    await starter.start({ executionName: 'jbbbb-r1', input });

    // Act
    const same = await starter.start({ executionName: 'jbbbb-r1', input });
    const other = await starter.start({
      executionName: 'jbbbb-r1',
      input: { ...input, resumeFrom: 'transcription' },
    });

    // Assess
    // Step Functions answers a repeat with the same input as a success of its own (idempotent).
    expect(same).toEqual({ alreadyStarted: false });
    expect(other).toEqual({ alreadyStarted: true });
  });

  it('stops a running execution and reports an unknown one as not stopped', async () => {
    // Prepare
    const starter = createStepFunctionsStarter({ stateMachineArn, sfnClient });
    await starter.start({ executionName: 'jcccc-r2', input });

    // Act
    const stopped = await starter.stop({
      executionName: 'jcccc-r2',
      cause: 'Cancelled by the user',
    });
    const unknown = await starter.stop({
      executionName: 'jdddd-r9',
      cause: 'Cancelled by the user',
    });

    // Assess
    expect(stopped).toEqual({ stopped: true });
    expect((await describeExecution('jcccc-r2')).status).toBe('ABORTED');
    expect(unknown).toEqual({ stopped: false });
  });

  it('reaches the endpoint and state machine a loaded config names', async () => {
    // Prepare
    const config = loadConfig({
      REEL_BACKEND: 'aws',
      REEL_BUCKET: 'reel-media',
      REEL_JOBS_TABLE: 'reel-jobs',
      AWS_REGION: 'us-east-1',
      REEL_STATE_MACHINE_ARN: stateMachineArn,
      REEL_STEP_FUNCTIONS_ENDPOINT: moto.endpoint,
    });
    process.env['AWS_ACCESS_KEY_ID'] = 'test';
    process.env['AWS_SECRET_ACCESS_KEY'] = 'test';
    const starter = createWorkflowStarterFromConfig(config);

    // Act
    await starter.start({ executionName: 'jeeee-r1', input });

    // Assess
    expect((await describeExecution('jeeee-r1')).status).toBe('RUNNING');
  });
});

describe('Function: executionArnOf', () => {
  it("names the execution under the state machine's region, account and name", () => {
    expect(
      executionArnOf('arn:aws:states:eu-west-1:123456789012:stateMachine:reel-prod', 'jab-r3'),
    ).toBe('arn:aws:states:eu-west-1:123456789012:execution:reel-prod:jab-r3');
  });

  it('refuses an ARN that is not a state machine', () => {
    expect(() => executionArnOf('arn:aws:lambda:eu-west-1:123456789012:function:x', 'j')).toThrow(
      ConfigInvalidError,
    );
  });
});

// A real socket standing in for reel serve's workflow endpoint, recording what it was sent.
describe('Function: createLocalWorkflowStarter', () => {
  let server: Server;
  let url: string;
  const received: Array<{ method: string; path: string; body: unknown }> = [];
  const started = new Set<string>();

  beforeAll(async () => {
    server = createServer(async (request, response) => {
      const body = JSON.parse((await readBody(request)) || 'null') as {
        executionName?: string;
      } | null;
      const path = request.url ?? '';
      received.push({ method: request.method ?? '', path, body });
      if (request.method === 'POST' && body?.executionName === 'jconflict-r1') {
        response.writeHead(409, { 'content-type': 'application/problem+json' });
        response.end(JSON.stringify({ code: 'CONFLICT', detail: 'The job is held by jother-r1' }));
        return;
      }
      if (request.method === 'POST' && body?.executionName !== undefined) {
        const again = started.has(body.executionName);
        started.add(body.executionName);
        response.writeHead(again ? 200 : 201).end('{}');
        return;
      }
      const name = decodeURIComponent(path.split('/').at(-1) ?? '');
      response.writeHead(request.method === 'DELETE' && started.has(name) ? 200 : 404).end('{}');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/_reel/workflow/executions`;
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));

  it('posts the name and input once and reports a second start as already started', async () => {
    // Prepare
    const starter = createLocalWorkflowStarter({ url });

    // Act
    const first = await starter.start({ executionName: 'jlocal-r1', input });
    const second = await starter.start({ executionName: 'jlocal-r1', input });

    // Assess
    expect(first).toEqual({ alreadyStarted: false });
    expect(second).toEqual({ alreadyStarted: true });
    expect(received[0]).toEqual({
      method: 'POST',
      path: '/_reel/workflow/executions',
      body: { executionName: 'jlocal-r1', input },
    });
  });

  it('deletes the named execution with its cause, and an unknown one is not stopped', async () => {
    // Prepare
    const starter = createLocalWorkflowStarter({ url });
    await starter.start({ executionName: 'jstop-r1', input });

    // Act
    const stopped = await starter.stop({ executionName: 'jstop-r1', cause: 'Cancelled' });
    const unknown = await starter.stop({ executionName: 'jnever-r1', cause: 'Cancelled' });

    // Assess
    expect(stopped).toEqual({ stopped: true });
    expect(unknown).toEqual({ stopped: false });
    expect(received).toContainEqual({
      method: 'DELETE',
      path: '/_reel/workflow/executions/jstop-r1',
      body: { cause: 'Cancelled' },
    });
  });

  it("rethrows the endpoint's problem as its taxonomy class", async () => {
    const starter = createLocalWorkflowStarter({ url });
    await expect(starter.start({ executionName: 'jconflict-r1', input })).rejects.toThrow(
      ConflictError,
    );
  });

  it('is a TransientError when nothing listens at the URL', async () => {
    // Prepare
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const starter = createLocalWorkflowStarter({ url: `http://127.0.0.1:${port}/x` });

    // Act / Assess
    await expect(starter.start({ executionName: 'jgone-r1', input })).rejects.toThrow(
      TransientError,
    );
  });
});

describe('Function: createWorkflowStarterFromConfig', () => {
  it('posts to REEL_LOCAL_WORKFLOW_URL on the local backend', async () => {
    // Prepare: a listener that answers 201 to anything
    const posts: string[] = [];
    const server = createServer((request, response) => {
      posts.push(`${request.method} ${request.url}`);
      response.writeHead(201).end('{}');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/wf`;
    const starter = createWorkflowStarterFromConfig(loadConfig({ REEL_LOCAL_WORKFLOW_URL: base }));

    // Act
    await starter.start({ executionName: 'jcfg-r1', input });
    await new Promise((resolve) => server.close(resolve));

    // Assess
    expect(posts).toEqual(['POST /wf']);
  });

  it('refuses to start or stop, naming the variable, when none is set', async () => {
    // Prepare
    const local = createWorkflowStarterFromConfig(loadConfig({}));
    const aws = createWorkflowStarterFromConfig(
      loadConfig({
        REEL_BACKEND: 'aws',
        REEL_BUCKET: 'reel-media',
        REEL_JOBS_TABLE: 'reel-jobs',
        AWS_REGION: 'us-east-1',
      }),
    );

    // Act / Assess
    await expect(local.start({ executionName: 'j-r1', input })).rejects.toThrow(
      /REEL_LOCAL_WORKFLOW_URL is not set/,
    );
    await expect(aws.stop({ executionName: 'j-r1', cause: 'x' })).rejects.toThrow(
      /REEL_STATE_MACHINE_ARN is not set/,
    );
  });
});

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}
