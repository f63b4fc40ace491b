import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as z from 'zod';
import { TransientError } from '@reel/error-taxonomy';
import { createJob, createLocalDependencies, lambdaContextWith } from '../tests/support/local-job';
import {
  createFanOutStepHandler,
  type CreateFanOutStepHandlerOptions,
} from './create-fan-out-step-handler';
import type { ServiceDependencies } from './service-dependencies';

type Options = CreateFanOutStepHandlerOptions<z.ZodObject>;

describe('Function: createFanOutStepHandler', () => {
  let dir: string;
  let dependencies: ServiceDependencies;
  let cleanup: () => Promise<void>;
  beforeEach(async () => ({ dir, dependencies, cleanup } = await createLocalDependencies()));
  afterEach(async () => cleanup());

  const step = 'video-render-engine';
  const context = lambdaContextWith(60_000);
  const manifestOf = (jobId: string) => dependencies.manifests.get({ tenantId: 'acme', jobId });
  const key = (index: number) => `dev/acme/job/renders/chunks/c-${index}.mp4`;

  /** A step that fans out into 2 chunks; the parts given replace the recording defaults. */
  function fanOutHandler(parts: Partial<Options> = {}) {
    const calls: string[] = [];
    const handler = createFanOutStepHandler({
      service: 'video-render-engine',
      step,
      optionsSchema: z.object({}),
      dependencies: () => dependencies,
      prepare: async () => (calls.push('prepare'), { chunkCount: 2 }),
      chunk: async ({ chunk }) => (calls.push(`chunk ${chunk}`), { key: key(chunk), bytes: 10 }),
      finish: async ({ chunkCount }) => (
        calls.push(`finish ${chunkCount}`),
        { outputs: [{ key: 'dev/acme/job/renders/render.mp4', bytes: 20 }] }
      ),
      abandon: async () => void calls.push('abandon'),
      discardChunk: async ({ chunk }) => void calls.push(`discard ${chunk}`),
      ...parts,
    });
    return { handler, calls };
  }

  it('leaves the attempt running through prepare and chunks, and records it once finish succeeds', async () => {
    // Prepare
    const job = await createJob(dependencies, { dir, jobId: 'job' });
    const { handler, calls } = fanOutHandler();

    // Act
    const prepared = await handler({ job, options: {}, step, phase: 'prepare' }, context);
    const chunk = await handler(
      { job, options: {}, phase: 'chunk', chunk: 1, chunkCount: 2 },
      context,
    );
    const afterChunk = await manifestOf('job');
    const finished = await handler({ job, options: {}, phase: 'finish', chunkCount: 2 }, context);

    // Assess
    expect(prepared).toEqual({
      step,
      status: 'chunked',
      chunked: true,
      chunkCount: 2,
      chunks: [{ index: 0 }, { index: 1 }],
    });
    expect(chunk).toEqual({ step, status: 'chunk-done', chunk: 1, key: key(1), bytes: 10 });
    expect(afterChunk?.steps[step]).toMatchObject({
      status: 'running',
      attempts: [{ status: 'running' }],
    });
    expect(finished).toMatchObject({ status: 'succeeded', outputs: [{ bytes: 20 }] });
    expect((await manifestOf('job'))?.steps[step]).toMatchObject({
      status: 'succeeded',
      attempts: [{ attempt: 1, status: 'succeeded' }],
      outputs: [{ bytes: 20 }],
    });
    expect(calls).toEqual(['prepare', 'chunk 1', 'finish 2']);
  });

  it('records a one-pass outcome from prepare as the success, with no fan-out', async () => {
    const job = await createJob(dependencies, { dir, jobId: 'short' });
    const { handler } = fanOutHandler({ prepare: async () => ({ outputs: [] }) });

    const response = await handler({ job, options: {}, step }, context);

    expect(response).toEqual({ step, status: 'succeeded', outputs: [] });
    expect((await manifestOf('short'))?.steps[step]?.status).toBe('succeeded');
  });

  it('keeps the attempt running when finish fails with a retryable error, closes it on a final one', async () => {
    // Prepare
    const job = await createJob(dependencies, { dir, jobId: 'job' });
    let failure: Error = new TransientError('S3 hiccup');
    const { handler } = fanOutHandler({
      finish: async () => {
        throw failure;
      },
    });
    await handler({ job, options: {}, phase: 'prepare' }, context);

    // Act
    const first = await handler(
      { job, options: {}, phase: 'finish', chunkCount: 2 },
      context,
    ).catch((error: unknown) => error);
    const afterRetryable = (await manifestOf('job'))?.steps[step]?.status;
    failure = new Error('broken join');
    await handler({ job, options: {}, phase: 'finish', chunkCount: 2 }, context).catch(
      () => undefined,
    );

    // Assess
    expect(first).toMatchObject({ name: 'TransientError' });
    expect(afterRetryable).toBe('running');
    expect((await manifestOf('job'))?.steps[step]).toMatchObject({
      status: 'failed',
      error: { code: 'INTERNAL' },
    });
  });

  it('abandons: the attempt failed with the caught typed error, then a late chunk discards its object', async () => {
    // Prepare
    const job = await createJob(dependencies, { dir, jobId: 'job' });
    const { handler, calls } = fanOutHandler();
    await handler({ job, options: {}, phase: 'prepare' }, context);
    const failure = {
      Error: 'GuardrailExceededError',
      Cause: JSON.stringify({ errorType: 'GuardrailExceededError', errorMessage: 'too long' }),
    };

    // Act
    await handler({ job, options: {}, phase: 'abandon', chunkCount: 2, failure }, context);
    const late = await handler(
      { job, options: {}, phase: 'chunk', chunk: 0, chunkCount: 2 },
      context,
    ).catch((error: unknown) => error);

    // Assess
    expect((await manifestOf('job'))?.steps[step]).toMatchObject({
      status: 'failed',
      attempts: [{ status: 'failed', error: { code: 'GUARDRAIL_EXCEEDED', message: 'too long' } }],
    });
    expect(late).toMatchObject({ name: 'ConflictError' });
    expect(calls).toEqual(['prepare', 'abandon']);
  });

  it('discards the object of a chunk that finished after the step was abandoned', async () => {
    // Prepare: chunk 1 is still working when another chunk's failure abandons the step.
    const job = await createJob(dependencies, { dir, jobId: 'job' });
    const abandonEvent = { job, options: {}, phase: 'abandon', chunkCount: 2, failure: {} };
    const recorder = fanOutHandler({
      chunk: async ({ chunk }) => {
        recorder.calls.push(`chunk ${chunk}`);
        await recorder.handler(abandonEvent, context);
        return { key: key(chunk), bytes: 10 };
      },
    });
    await recorder.handler({ job, options: {}, phase: 'prepare' }, context);

    // Act
    const late = await recorder
      .handler({ job, options: {}, phase: 'chunk', chunk: 1, chunkCount: 2 }, context)
      .catch((error: unknown) => error);

    // Assess
    expect(late).toMatchObject({ name: 'ConflictError' });
    expect(recorder.calls).toEqual(['prepare', 'chunk 1', 'abandon', 'discard 1']);
    expect((await manifestOf('job'))?.steps[step]).toMatchObject({
      status: 'failed',
      error: { code: 'INTERNAL' },
    });
  });

  it('refuses a chunk event without its index as INVALID_REQUEST, recording nothing', async () => {
    const job = await createJob(dependencies, { dir, jobId: 'job' });
    const { handler, calls } = fanOutHandler();
    await handler({ job, options: {}, phase: 'prepare' }, context);

    const failure = await handler(
      { job, options: {}, phase: 'chunk', chunkCount: 2 },
      context,
    ).catch((error: unknown) => error);

    expect(failure).toMatchObject({
      name: 'InvalidRequestError',
      message: expect.stringContaining('chunk'),
    });
    expect((await manifestOf('job'))?.steps[step]?.status).toBe('running');
    expect(calls).toEqual(['prepare']);
  });
});
