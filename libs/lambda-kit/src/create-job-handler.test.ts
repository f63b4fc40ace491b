import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as z from 'zod';
import { isReelError } from '@reel/error-taxonomy';
import { createJob, createLocalDependencies, lambdaContextWith } from '../tests/support/local-job';
import { createJobHandler } from './create-job-handler';
import { jobEventRefSchema } from './job-event';
import type { ServiceDependencies } from './service-dependencies';

describe('Function: createJobHandler', () => {
  let dir: string;
  let dependencies: ServiceDependencies;
  let cleanup: () => Promise<void>;
  beforeEach(async () => ({ dir, dependencies, cleanup } = await createLocalDependencies()));
  afterEach(async () => cleanup());

  const eventSchema = z.object({ job: jobEventRefSchema, action: z.enum(['complete', 'fail']) });

  it('hands the parsed event, the job and a deadline to the work, and returns its result', async () => {
    // Prepare
    const job = await createJob(dependencies, { dir, jobId: 'finalize' });
    const handler = createJobHandler({
      service: 'job-status',
      operation: 'finalize',
      eventSchema,
      dependencies: () => dependencies,
      handle: async ({ event, job: jobRef, deadlineAtMs, signal, observability }) => ({
        action: event.action,
        jobId: jobRef.jobId,
        remainingMs: deadlineAtMs - Date.now(),
        aborted: signal.aborted,
        step: observability.context.step,
      }),
    });

    // Act
    const result = await handler(
      { job, action: 'complete', extra: 'dropped' },
      lambdaContextWith(30_000),
    );

    // Assess
    expect(result).toMatchObject({
      action: 'complete',
      jobId: 'finalize',
      aborted: false,
      step: 'finalize',
    });
    expect(result.remainingMs).toBeGreaterThan(20_000);
    expect(result.remainingMs).toBeLessThanOrEqual(25_000);
  });

  it('rethrows a failure of the work as a taxonomy error', async () => {
    // Prepare
    const job = await createJob(dependencies, { dir, jobId: 'broken' });
    const handler = createJobHandler({
      service: 'job-status',
      operation: 'finalize',
      eventSchema,
      dependencies: () => dependencies,
      handle: () =>
        Promise.reject(Object.assign(new Error('connect ECONNRESET'), { code: 'ECONNRESET' })),
    });

    // Act
    const failure = await handler({ job, action: 'fail' }, lambdaContextWith(30_000)).catch(
      (error: unknown) => error,
    );

    // Assess
    expect(isReelError(failure)).toBe(true);
    expect(failure).toMatchObject({ name: 'TransientError', retryable: true });
  });

  it('refuses an event whose job ids are not valid', async () => {
    // Prepare
    let handled = false;
    const handler = createJobHandler({
      service: 'job-status',
      operation: 'finalize',
      eventSchema,
      dependencies: () => dependencies,
      handle: async () => {
        handled = true;
      },
    });

    // Act
    const failure = await handler(
      {
        job: { env: 'dev', tenantId: 'acme', jobId: 'A/../../b', correlationId: 'c', runId: 'r' },
        action: 'complete',
      },
      lambdaContextWith(30_000),
    ).catch((error: unknown) => error);

    // Assess
    expect(failure).toMatchObject({
      name: 'InvalidRequestError',
      message: expect.stringContaining('job.jobId'),
    });
    expect(handled).toBe(false);
  });

  it('runs a handler about no job (a deployment check) keyed by the request id', async () => {
    // Prepare
    const handler = createJobHandler({
      service: 'ffmpeg-validation',
      operation: 'validate-runtime',
      eventSchema: z.object({}).strict(),
      dependencies: () => dependencies,
      handle: async ({ job, observability }) => ({ job, context: observability.context }),
    });

    // Act
    const result = await handler(undefined, lambdaContextWith(30_000));

    // Assess
    expect(result.job).toBeUndefined();
    expect(result.context).toEqual({
      service: 'ffmpeg-validation',
      step: 'validate-runtime',
      correlationId: 'test-request',
      tenantId: 'platform',
      jobId: 'test-request',
      env: 'dev',
    });
  });

  it('builds the dependencies once, on the first invocation', async () => {
    let built = 0;
    const handler = createJobHandler({
      service: 'ffmpeg-validation',
      operation: 'validate-runtime',
      eventSchema: z.object({}).strict(),
      dependencies: () => {
        built += 1;
        return dependencies;
      },
      handle: async () => 'checked',
    });
    expect(built).toBe(0);

    await handler({}, lambdaContextWith(30_000));
    await handler({}, lambdaContextWith(30_000));

    expect(built).toBe(1);
  });

  it('sweeps the scratch dir a crashed process left in /tmp on its first invocation', async () => {
    // Prepare: a scratch dir whose owner process has exited
    const { pid } = spawnSync(process.execPath, ['-e', '']);
    const stale = await mkdtemp(join(tmpdir(), 'reel-lambda-kit-stale-'));
    await writeFile(join(stale, '.reel-owner.json'), JSON.stringify({ pid }));
    const handler = createJobHandler({
      service: 'ffmpeg-validation',
      operation: 'validate-runtime',
      eventSchema: z.object({}).strict(),
      dependencies: () => dependencies,
      handle: async () => 'checked',
    });

    // Act
    await handler({}, lambdaContextWith(30_000));

    // Assess
    expect(existsSync(stale)).toBe(false);
  });
});
