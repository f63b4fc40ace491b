import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as z from 'zod';
import { CorruptInputError, RunLeaseConflictError, TimeoutError } from '@reel/error-taxonomy';
import { join } from 'node:path';
import { loadConfig } from '@reel/config';
import { requireJobInput } from '@reel/manifest';
import { createJob, createLocalDependencies, lambdaContextWith } from '../tests/support/local-job';
import { createStepHandler } from './create-step-handler';
import { createServiceDependencies, type ServiceDependencies } from './service-dependencies';

describe('Function: createStepHandler', () => {
  let dir: string;
  let dependencies: ServiceDependencies;
  let cleanup: () => Promise<void>;
  beforeEach(async () => ({ dir, dependencies, cleanup } = await createLocalDependencies()));
  afterEach(async () => cleanup());

  const manifestOf = (jobId: string) => dependencies.manifests.get({ tenantId: 'acme', jobId });
  const optionsSchema = z.object({ segmentDurationSec: z.number().optional() });

  it('records a succeeded attempt with its outputs, results and manifest patch', async () => {
    // Prepare
    const job = await createJob(dependencies, { dir, jobId: 'ok' });
    const mp3Key = 'dev/acme/ok/audio/audio.mp3';
    const handler = createStepHandler({
      service: 'audio-extraction',
      step: 'audio-extraction',
      optionsSchema,
      dependencies: () => dependencies,
      run: async ({ options, manifest }) => ({
        outputs: [{ key: mp3Key, bytes: 42, durationSec: options.segmentDurationSec }],
        results: { audio: { mp3Key, wavKey: mp3Key, durationSec: 3 } },
        patchManifest: (draft) => {
          requireJobInput(draft).contentType = `seen version ${manifest.version}`;
        },
      }),
    });

    // Act
    const response = await handler(
      { job, options: { segmentDurationSec: 7, other: true }, step: 'audio-extraction' },
      lambdaContextWith(60_000),
    );

    // Assess
    expect(response).toEqual({
      step: 'audio-extraction',
      status: 'succeeded',
      outputs: [{ key: mp3Key, bytes: 42 }],
    });
    const manifest = await manifestOf('ok');
    expect(manifest?.status).toBe('processing');
    expect(manifest?.steps['audio-extraction']).toMatchObject({
      status: 'succeeded',
      outputs: [{ key: mp3Key, bytes: 42, durationSec: 7 }],
      attempts: [expect.objectContaining({ attempt: 1, status: 'succeeded' })],
    });
    expect(manifest?.results.audio).toEqual({ mp3Key, wavKey: mp3Key, durationSec: 3 });
    expect(manifest?.input?.contentType).toBe('seen version 2');
  });

  it('records the typed error of a failed run and rethrows it under its class name', async () => {
    // Prepare
    const job = await createJob(dependencies, { dir, jobId: 'corrupt' });
    const handler = createStepHandler({
      service: 'media-validator',
      step: 'validate',
      optionsSchema,
      dependencies: () => dependencies,
      run: () =>
        Promise.reject(
          new CorruptInputError('moov atom not found', { details: { input: 'clip.mp4' } }),
        ),
    });

    // Act
    const failure = await handler({ job, options: {} }, lambdaContextWith(60_000)).catch(
      (error: unknown) => error,
    );

    // Assess
    expect(failure).toBeInstanceOf(CorruptInputError);
    expect(failure).toMatchObject({ name: 'CorruptInputError' });
    expect((await manifestOf('corrupt'))?.steps['validate']).toMatchObject({
      status: 'failed',
      error: {
        type: 'CorruptInput',
        code: 'CORRUPT_INPUT',
        message: 'moov atom not found',
        details: { input: 'clip.mp4' },
      },
      attempts: [
        expect.objectContaining({
          status: 'failed',
          error: expect.objectContaining({ code: 'CORRUPT_INPUT' }),
        }),
      ],
    });
  });

  it('rethrows an unexpected failure as InternalError', async () => {
    // Prepare
    const job = await createJob(dependencies, { dir, jobId: 'bug' });
    const handler = createStepHandler({
      service: 'media-validator',
      step: 'validate',
      optionsSchema,
      dependencies: () => dependencies,
      run: () => Promise.reject(new Error('undefined is not a function')),
    });

    // Act
    const failure = await handler({ job, options: {} }, lambdaContextWith(60_000)).catch(
      (error: unknown) => error,
    );

    // Assess
    expect(failure).toMatchObject({
      name: 'InternalError',
      message: 'undefined is not a function',
    });
    expect((await manifestOf('bug'))?.steps['validate']?.error?.code).toBe('INTERNAL');
  });

  it('refuses invalid options before the manifest is touched', async () => {
    // Prepare
    const job = await createJob(dependencies, { dir, jobId: 'bad-options' });
    const handler = createStepHandler({
      service: 'audio-extraction',
      step: 'audio-extraction',
      optionsSchema,
      dependencies: () => dependencies,
      run: () => Promise.resolve({ outputs: [] }),
    });

    // Act
    const failure = await handler(
      { job, options: { segmentDurationSec: 'long' } },
      lambdaContextWith(60_000),
    ).catch((error: unknown) => error);

    // Assess
    expect(failure).toMatchObject({
      name: 'InvalidRequestError',
      message: expect.stringContaining('segmentDurationSec'),
    });
    expect((await manifestOf('bad-options'))?.version).toBe(1);
  });

  it('gives the run a deadline from the Lambda remaining time and a signal that fires at it', async () => {
    // Prepare: 5 s of margin are kept back, so 5.2 s remaining leaves the run 0.2 s.
    const job = await createJob(dependencies, { dir, jobId: 'slow' });
    let deadlineInMs = Number.NaN;
    const handler = createStepHandler({
      service: 'audio-extraction',
      step: 'audio-extraction',
      optionsSchema,
      dependencies: () => dependencies,
      run: async ({ deadlineAtMs, signal }) => {
        deadlineInMs = deadlineAtMs - Date.now();
        await new Promise((resolve) => signal.addEventListener('abort', resolve));
        throw new TimeoutError('stopped at the deadline');
      },
    });

    // Act
    const failure = await handler({ job, options: {} }, lambdaContextWith(5_200)).catch(
      (error: unknown) => error,
    );

    // Assess
    expect(deadlineInMs).toBeGreaterThan(0);
    expect(deadlineInMs).toBeLessThanOrEqual(200);
    expect(failure).toBeInstanceOf(TimeoutError);
    expect((await manifestOf('slow'))?.steps['audio-extraction']?.error?.code).toBe('TIMEOUT');
  });

  it('refuses a run that does not hold the job lease, records nothing and is not retryable', async () => {
    // Prepare: run-b took the job over after run-ok's lease expired
    const job = await createJob(dependencies, { dir, jobId: 'taken' });
    const takeoverAt = new Date(Date.now() + 120_000);
    await dependencies.manifests.acquireRunLease(job, {
      runId: 'run-b',
      ttlMs: 60_000,
      now: takeoverAt,
    });
    let ran = false;
    const handler = createStepHandler({
      service: 'transcription',
      step: 'transcription',
      optionsSchema,
      dependencies: () => dependencies,
      run: async () => {
        ran = true;
        return { outputs: [] };
      },
    });

    // Act
    const failure = await handler({ job, options: {} }, lambdaContextWith(60_000)).catch(
      (error: unknown) => error,
    );

    // Assess
    expect(failure).toBeInstanceOf(RunLeaseConflictError);
    expect(failure).toMatchObject({
      name: 'RunLeaseConflictError',
      code: 'CONFLICT',
      retryable: false,
      message: `Run run-taken may not run the transcription step of job taken: run run-b holds it since ${takeoverAt.toISOString()}`,
    });
    expect(ran).toBe(false);
    const manifest = await manifestOf('taken');
    expect(manifest?.version).toBe(1);
    expect(manifest?.steps['transcription']).toBeUndefined();
  });

  it('records no outputs of a run whose lease was taken over while its step worked', async () => {
    // Prepare: while run-lost's step works, its lease expires and run-b takes the job over
    const job = await createJob(dependencies, { dir, jobId: 'lost' });
    const takeoverAt = new Date(Date.now() + 120_000);
    const handler = createStepHandler({
      service: 'audio-extraction',
      step: 'audio-extraction',
      optionsSchema,
      dependencies: () => dependencies,
      run: async () => {
        await dependencies.manifests.acquireRunLease(job, {
          runId: 'run-b',
          ttlMs: 60_000,
          now: takeoverAt,
        });
        return {
          outputs: [{ key: 'dev/acme/lost/audio/audio.mp3', bytes: 42 }],
          results: { audio: { mp3Key: 'a.mp3', wavKey: 'a.wav', durationSec: 3 } },
        };
      },
    });

    // Act
    const failure = await handler({ job, options: {} }, lambdaContextWith(60_000)).catch(
      (error: unknown) => error,
    );

    // Assess
    expect(failure).toBeInstanceOf(RunLeaseConflictError);
    expect(failure).toMatchObject({
      retryable: false,
      message: `Run run-lost may not run the audio-extraction step of job lost: run run-b holds it since ${takeoverAt.toISOString()}`,
    });
    const manifest = await manifestOf('lost');
    expect(manifest?.version).toBe(2);
    expect(manifest?.steps['audio-extraction']?.status).not.toBe('succeeded');
    expect(manifest?.steps['audio-extraction']?.outputs ?? []).toEqual([]);
    expect(manifest?.results.audio).toBeUndefined();
  });

  it('refuses a run whose lease was already released', async () => {
    const job = await createJob(dependencies, { dir, jobId: 'released' });
    await dependencies.manifests.releaseRunLease(job, { runId: job.runId });
    const handler = createStepHandler({
      service: 'audio-extraction',
      step: 'audio-extraction',
      optionsSchema,
      dependencies: () => dependencies,
      run: () => Promise.resolve({ outputs: [] }),
    });

    const failure = await handler({ job, options: {} }, lambdaContextWith(60_000)).catch(
      (error: unknown) => error,
    );

    expect(failure).toMatchObject({
      name: 'RunLeaseConflictError',
      message: expect.stringContaining('no run holds it now'),
    });
    expect((await manifestOf('released'))?.version).toBe(1);
  });

  it('refuses an event without a run id', async () => {
    const { env, tenantId, jobId, correlationId } = await createJob(dependencies, {
      dir,
      jobId: 'no-run',
    });
    const jobWithoutRun = { env, tenantId, jobId, correlationId };
    const handler = createStepHandler({
      service: 'audio-extraction',
      step: 'audio-extraction',
      optionsSchema,
      dependencies: () => dependencies,
      run: () => Promise.resolve({ outputs: [] }),
    });

    const failure = await handler(
      { job: jobWithoutRun, options: {} },
      lambdaContextWith(60_000),
    ).catch((error: unknown) => error);

    expect(failure).toMatchObject({
      name: 'InvalidRequestError',
      message: expect.stringContaining('job.runId'),
    });
  });

  it('keeps the job ids of two invocations running at once in one environment on their own log lines', async () => {
    // Prepare: one handler (one environment), two jobs; the first is still running when the second logs
    const written: string[] = [];
    const realWrite = process.stdout.write.bind(process.stdout);
    const loud = createServiceDependencies(
      loadConfig({ MEDIA_STORAGE_PATH: join(dir, 'storage'), REEL_ENV: 'dev', LOG_LEVEL: 'INFO' }),
      { service: 'audio-extraction' },
    );
    const [first, second] = await Promise.all([
      createJob(loud, { dir, jobId: 'concurrent-a' }),
      createJob(loud, { dir, jobId: 'concurrent-b' }),
    ]);
    const { promise: secondDone, resolve: releaseFirst } = Promise.withResolvers<void>();
    const handler = createStepHandler({
      service: 'audio-extraction',
      step: 'audio-extraction',
      optionsSchema,
      dependencies: () => loud,
      run: async ({ job, observability }) => {
        if (job.jobId === 'concurrent-a') await secondDone;
        observability.logger.info('Working on', { jobIdSeen: job.jobId });
        return { outputs: [] };
      },
    });
    process.stdout.write = ((chunk: string | Uint8Array) => {
      written.push(String(chunk));
      return true;
    }) as typeof process.stdout.write;

    // Act
    try {
      const running = handler({ job: first, options: {} }, lambdaContextWith(60_000));
      await handler({ job: second, options: {} }, lambdaContextWith(60_000));
      releaseFirst();
      await running;
    } finally {
      process.stdout.write = realWrite;
    }

    // Assess
    const lines = written
      .flatMap((text) => text.split('\n'))
      .filter((line) => line.startsWith('{"level"'))
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    const working = lines.filter(({ message }) => message === 'Working on');
    expect(working).toHaveLength(2);
    for (const line of working) expect(line['jobId']).toBe(line['jobIdSeen']);
    for (const jobId of ['concurrent-a', 'concurrent-b']) {
      expect(lines.filter((line) => line['jobId'] === jobId).map(({ message }) => message)).toEqual(
        ['Step started', 'Working on', 'Step succeeded'],
      );
    }
  });
});
