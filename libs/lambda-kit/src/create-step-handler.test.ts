import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as z from 'zod';
import { CorruptInputError, TimeoutError } from '@reel/error-taxonomy';
import type { ServiceDependencies } from './service-dependencies';
import { createJob, createLocalDependencies, lambdaContextWith } from '../tests/support/local-job';
import { createStepHandler } from './create-step-handler';

describe('Function: createStepHandler', () => {
  let dir: string;
  let dependencies: ServiceDependencies;
  let cleanup: () => Promise<void>;
  beforeEach(async () => ({ dir, dependencies, cleanup } = await createLocalDependencies()));
  afterEach(async () => cleanup());

  const manifestOf = (jobId: string) => dependencies.manifests.get({ tenantId: 'acme', jobId });
  const optionsSchema = z.object({ segmentSec: z.number().optional() });

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
        outputs: [{ key: mp3Key, bytes: 42, durationSec: options.segmentSec }],
        results: { audio: { mp3Key, wavKey: mp3Key, durationSec: 3 } },
        patchManifest: (draft) => {
          draft.input.contentType = `seen version ${manifest.version}`;
        },
      }),
    });

    // Act
    const response = await handler(
      { job, options: { segmentSec: 7, other: true }, step: 'audio-extraction' },
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
    expect(manifest?.input.contentType).toBe('seen version 2');
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
      { job, options: { segmentSec: 'long' } },
      lambdaContextWith(60_000),
    ).catch((error: unknown) => error);

    // Assess
    expect(failure).toMatchObject({
      name: 'InvalidRequestError',
      message: expect.stringContaining('segmentSec'),
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
      run: async ({ deadlineEpochMs, signal }) => {
        deadlineInMs = deadlineEpochMs - Date.now();
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
});
