import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ServiceDependencies } from '@reel/lambda-kit';
import { lambdaContext } from '@reel/test-jobs';
import {
  addRender,
  generateSource,
  manifestOf,
  useTranscodeSuite,
} from '../tests/support/transcode-fixtures';

/** Every key a phase reads from storage (downloads and streams), by phase. */
const reads: string[] = [];
const recordReads = (dependencies: ServiceDependencies): ServiceDependencies => {
  const { storage } = dependencies;
  return {
    ...dependencies,
    storage: {
      ...storage,
      backend: storage.backend,
      getToFile: (options) => {
        reads.push(options.key);
        return storage.getToFile(options);
      },
      getStream: (options) => {
        reads.push(options.key);
        return storage.getStream(options);
      },
    },
  };
};
const suite = useTranscodeSuite('media-transcoder-finish-source', { wrap: recordReads });

// 32 s in chunks of 16 s on a 2 s grid: 2 chunks, small and quick.
const transcode = {
  rungs: [240],
  segmentDurationSec: 2,
  thumbnailIntervalSec: 10,
  x264Preset: 'ultrafast',
  chunkThresholdSec: 30,
  chunkDurationSec: 16,
};

/** Prepare and both chunks of a chunked transcode of `job`; returns the event for its finish. */
async function prepareAndEncodeChunks(job: Awaited<ReturnType<typeof addJob>>) {
  const event = { job, options: { transcode }, step: 'media-transcoder' };
  const prepared = await suite.handler({ ...event, phase: 'prepare' }, lambdaContext);
  expect(prepared).toMatchObject({ chunked: true, chunkCount: 2 });
  for (const chunk of [0, 1]) {
    await suite.handler({ ...event, phase: 'chunk', chunk, chunkCount: 2 }, lambdaContext);
  }
  return { ...event, phase: 'finish', chunkCount: 2 };
}

async function addJob(jobId: string) {
  const sourcePath = join(suite.dir, `${jobId}.mp4`);
  await generateSource(sourcePath, { durationSec: 32, size: '426x240' });
  const job = await suite.environment.createJob(jobId, sourcePath);
  const render = await addRender(suite, job, { path: sourcePath, durationSec: 32 });
  return Object.assign(job, { renderKey: render.videoKey });
}

describe('media-transcoder: the chunk path finish', () => {
  it('packages the chunks from the probe the prepare stored, never downloading the source', async () => {
    // Prepare
    const job = await addJob('no-source-read');
    const finishEvent = await prepareAndEncodeChunks(job);
    reads.length = 0;

    // Act
    const finished = await suite.handler(finishEvent, lambdaContext);

    // Assess
    expect(finished).toMatchObject({ status: 'succeeded' });
    const result = (await manifestOf(suite, 'no-source-read'))?.results.transcode;
    expect(result).toMatchObject({ sourceKey: job.renderKey, chunkCount: 2 });
    expect(result?.video.map(({ name, height }) => [name, height])).toEqual([['240p', 240]]);
    expect(reads).not.toContain(job.renderKey);
    expect(reads.filter((key) => key.endsWith('/source.json'))).toHaveLength(1);
    // The chunks' MP4s and the sound are what it reads, besides the stored probe.
    expect(reads.filter((key) => key.endsWith('.mp4')).sort()).toEqual(
      [
        `dev/acme/no-source-read/renditions/cmaf/chunks/${job.runId}/audio.mp4`,
        `dev/acme/no-source-read/renditions/cmaf/chunks/${job.runId}/chunk-000/240p.mp4`,
        `dev/acme/no-source-read/renditions/cmaf/chunks/${job.runId}/chunk-001/240p.mp4`,
      ].sort(),
    );
  });

  it('refuses to package chunks of a source replaced since the prepare (a ConflictError, nothing published)', async () => {
    // Prepare
    const job = await addJob('replaced');
    const finishEvent = await prepareAndEncodeChunks(job);
    const other = join(suite.dir, 'other.mp4');
    await generateSource(other, { durationSec: 30, size: '426x240' });
    await suite.environment.dependencies.storage.putFile({ key: job.renderKey, path: other });

    // Act
    const attempt = suite.handler(finishEvent, lambdaContext);

    // Assess
    await expect(attempt).rejects.toMatchObject({ name: 'ConflictError' });
    await expect(attempt).rejects.toThrow(/source changed since it was split into chunks/);
    expect((await manifestOf(suite, 'replaced'))?.results.transcode).toBeUndefined();
  });
});
