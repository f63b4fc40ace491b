import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TransientError } from '@reel/error-taxonomy';
import { lambdaContext } from '@reel/test-jobs';
import {
  addRender,
  beforePutFile,
  generateSource,
  jobKeys,
  manifestOf,
  useTranscodeSuite,
} from '../tests/support/transcode-fixtures';

// Any 360p upload fails: a failure after the 240p rung was published early.
const suite = useTranscodeSuite('media-transcoder-refusals', {
  wrap: beforePutFile(async ({ key }) => {
    if (key.includes('/360p/')) {
      throw new TransientError('Storage refused the upload (test)', { details: { key } });
    }
  }),
});

const ladder = { rungs: [360, 240], segmentDurationSec: 2, x264Preset: 'ultrafast' };

const renditionKeys = async (job: Parameters<typeof jobKeys>[1]) =>
  (await jobKeys(suite, job)).filter(
    (key) => key.startsWith('renditions/') || key.startsWith('thumbnails/'),
  );

describe('media-transcoder: refusals and failures leave nothing', () => {
  it.each([0, 3600])(
    'refuses a segment duration of %s s before anything is read or written',
    async (seconds) => {
      // Prepare
      const sourcePath = join(suite.dir, 'short.mp4');
      await generateSource(sourcePath, { durationSec: 2 });
      const job = await suite.environment.createJob(`segment-${seconds}`, sourcePath);

      // Act
      const attempt = suite.handler(
        {
          job,
          options: { transcode: { ...ladder, segmentDurationSec: seconds } },
          step: 'media-transcoder',
        },
        lambdaContext,
      );

      // Assess
      await expect(attempt).rejects.toMatchObject({ name: 'InvalidRequestError' });
      await expect(attempt).rejects.toThrow(/segmentDurationSec/);
      expect(await renditionKeys(job)).toEqual([]);
      const manifest = await manifestOf(suite, `segment-${seconds}`);
      expect(manifest?.steps['media-transcoder']?.status).toBe('failed');
      expect(manifest?.results.transcode).toBeUndefined();
    },
  );

  it('fails on a corrupt render with a typed error and writes no version', async () => {
    // Prepare: the render step's output is not media.
    const sourcePath = join(suite.dir, 'fine.mp4');
    await generateSource(sourcePath, { durationSec: 2 });
    const job = await suite.environment.createJob('corrupt', sourcePath);
    const garbage = join(suite.dir, 'garbage.mp4');
    await writeFile(garbage, Buffer.alloc(64 * 1024, 7));
    await addRender(suite, job, { path: garbage, durationSec: 2 });

    // Act
    const attempt = suite.handler(
      { job, options: { transcode: ladder }, step: 'media-transcoder' },
      lambdaContext,
    );

    // Assess
    await expect(attempt).rejects.toMatchObject({
      name: expect.stringMatching(/^(CorruptInput|UnsupportedMedia)Error$/),
    });
    expect(await renditionKeys(job)).toEqual([]);
    expect(await suite.environment.scratchLeft()).toEqual([]);
  });

  it('removes the early published rung when a later step fails: no v1 file is left', async () => {
    // Prepare
    const sourcePath = join(suite.dir, 'ladder.mp4');
    await generateSource(sourcePath, { durationSec: 4 });
    const job = await suite.environment.createJob('rollback', sourcePath);

    // Act: 240p and the sound are published first; storing 360p then fails.
    const attempt = suite.handler(
      { job, options: { transcode: ladder }, step: 'media-transcoder' },
      lambdaContext,
    );

    // Assess
    await expect(attempt).rejects.toMatchObject({ name: 'TransientError' });
    expect(await renditionKeys(job)).toEqual([]);
    expect((await manifestOf(suite, 'rollback'))?.results.transcode).toBeUndefined();
    expect(await suite.environment.scratchLeft()).toEqual([]);
  });
});
