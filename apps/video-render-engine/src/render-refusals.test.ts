import { describe, expect, it } from 'vitest';
import { lambdaContext } from '@reel/test-jobs';
import { createRenderableJob, planOf } from '../tests/support/seed-job';
import {
  SOURCE_MS,
  manifestOf,
  rendersOf,
  threeCuts,
  useRenderSuite,
} from '../tests/support/render-fixtures';

const suite = useRenderSuite('video-render-engine-refusals');

describe('video-render-engine: refused renders store nothing', () => {
  it('refuses out-of-range options with INVALID_REQUEST before any download, storing nothing', async () => {
    // Prepare
    const job = await createRenderableJob(suite.environment, {
      jobId: 'bad-options',
      inputPath: suite.sourcePath,
      plan: planOf(SOURCE_MS, threeCuts),
    });

    // Act
    const failure = await suite
      .handler({ job, options: { render: { video: { crf: 99 }, subtitle: {} } } }, lambdaContext)
      .catch((error: unknown) => error);

    // Assess
    expect(failure).toMatchObject({
      name: 'InvalidRequestError',
      message: expect.stringContaining('video.crf'),
    });
    expect((await manifestOf(suite, 'bad-options'))?.steps['video-render-engine']).toMatchObject({
      status: 'failed',
      outputs: [],
      error: { code: 'INVALID_REQUEST' },
    });
    expect(await rendersOf(suite, 'bad-options')).toEqual([]);
    expect(await suite.environment.scratchLeft()).toEqual([]);
  });

  it('refuses a plan that points past the end of the source, storing nothing', async () => {
    // Prepare
    const job = await createRenderableJob(suite.environment, {
      jobId: 'past-end',
      inputPath: suite.sourcePath,
      plan: planOf(12_000, [
        { startMs: 0, endMs: 3000, action: 'keep' },
        { startMs: 3000, endMs: 4000, action: 'cut', reason: 'silence' },
        { startMs: 4000, endMs: 12_000, action: 'keep' },
      ]),
    });

    // Act
    const failure = await suite
      .handler({ job, options: {} }, lambdaContext)
      .catch((error: unknown) => error);

    // Assess
    expect(failure).toMatchObject({ name: 'InvalidRequestError' });
    expect((await manifestOf(suite, 'past-end'))?.steps['video-render-engine']?.error?.code).toBe(
      'INVALID_REQUEST',
    );
    expect(await rendersOf(suite, 'past-end')).toEqual([]);
    expect(await suite.environment.scratchLeft()).toEqual([]);
  });

  it('records INPUT_MISSING, pointing at the planner, when the job has no plan', async () => {
    // Prepare
    const job = await createRenderableJob(suite.environment, {
      jobId: 'no-plan',
      inputPath: suite.sourcePath,
    });

    // Act
    const failure = await suite
      .handler({ job, options: {} }, lambdaContext)
      .catch((error: unknown) => error);

    // Assess
    expect(failure).toMatchObject({
      name: 'InputMissingError',
      advice: expect.stringContaining('smart-cut-planner'),
    });
    expect((await manifestOf(suite, 'no-plan'))?.steps['video-render-engine']?.error?.code).toBe(
      'INPUT_MISSING',
    );
    expect(await rendersOf(suite, 'no-plan')).toEqual([]);
    expect(await suite.environment.scratchLeft()).toEqual([]);
  });
});
