import { describe, expect, it } from 'vitest';
import { lambdaContext } from '@reel/test-jobs';
import { createRenderableJob, planOf, transcriptOf } from '../tests/support/seed-job';
import {
  FRAME_SEC,
  KEPT_SEC,
  SOURCE_MS,
  chunkKeysOf,
  download,
  manifestOf,
  probeStreams,
  rendersOf,
  threeCuts,
  useRenderSuite,
} from '../tests/support/render-fixtures';

const suite = useRenderSuite('video-render-engine-chunk-phases');

const chunkedOptions = {
  render: {
    video: { preset: 'ultrafast' },
    chunking: { chunkCount: 2 },
    subtitles: { mode: 'burn' },
    podcast: { use: false },
    preview: { use: false },
  },
};

describe('video-render-engine: the phases of a chunked render', () => {
  it('renders in 2 forced chunks through its phases (prepare → chunks at once → finish) to the one-pass length and frame count', async () => {
    // Prepare
    const job = await createRenderableJob(suite.environment, {
      jobId: 'chunked',
      inputPath: suite.sourcePath,
      plan: planOf(SOURCE_MS, threeCuts),
      transcript: transcriptOf(SOURCE_MS),
    });
    const event = { job, options: chunkedOptions, step: 'video-render-engine' };

    // Act
    const prepared = await suite.handler({ ...event, phase: 'prepare' }, lambdaContext);
    const attemptAfterPrepare = (await manifestOf(suite, 'chunked'))?.steps['video-render-engine'];
    const chunks = await Promise.all(
      [0, 1].map((chunk) =>
        suite.handler({ ...event, phase: 'chunk', chunk, chunkCount: 2 }, lambdaContext),
      ),
    );
    const storedChunks = await chunkKeysOf(suite, 'chunked');
    const finished = await suite.handler(
      { ...event, phase: 'finish', chunkCount: 2 },
      lambdaContext,
    );

    // Assess
    expect(prepared).toEqual({
      step: 'video-render-engine',
      status: 'chunked',
      chunked: true,
      chunkCount: 2,
      chunks: [{ index: 0 }, { index: 1 }],
    });
    expect(attemptAfterPrepare?.status).toBe('running');
    expect(chunks.map((response) => response.status)).toEqual(['chunk-done', 'chunk-done']);
    expect(storedChunks).toEqual([
      `dev/acme/chunked/renders/chunks/${job.runId}/chunk-000.mp4`,
      `dev/acme/chunked/renders/chunks/${job.runId}/chunk-001.mp4`,
    ]);
    expect(finished.status).toBe('succeeded');
    const manifest = await manifestOf(suite, 'chunked');
    expect(manifest?.steps['video-render-engine']).toMatchObject({
      status: 'succeeded',
      attempts: [{ status: 'succeeded' }],
    });
    const render = manifest?.results.render;
    expect(render?.srtKey).toBeUndefined();
    const streams = await probeStreams(await download(suite, render?.videoKey, 'chunked.mp4'));
    const picture = streams.find(({ codec_type }) => codec_type === 'video');
    const sound = streams.find(({ codec_type }) => codec_type === 'audio');
    expect(Number(picture?.nb_read_packets)).toBe(Math.round(KEPT_SEC * 25));
    expect(Math.abs(Number(picture?.duration) - KEPT_SEC)).toBeLessThanOrEqual(FRAME_SEC);
    expect(Math.abs(Number(sound?.duration) - KEPT_SEC)).toBeLessThanOrEqual(FRAME_SEC);
    expect(await chunkKeysOf(suite, 'chunked')).toEqual([]);
    expect(await suite.environment.scratchLeft()).toEqual([]);
  });

  it('closes the attempt failed with the chunk’s typed error when a chunk fails, leaving no chunk stored', async () => {
    // Prepare
    const job = await createRenderableJob(suite.environment, {
      jobId: 'chunk-fails',
      inputPath: suite.sourcePath,
      plan: planOf(SOURCE_MS, threeCuts),
    });
    const event = { job, options: chunkedOptions, step: 'video-render-engine' };
    await suite.handler({ ...event, phase: 'prepare' }, lambdaContext);
    await suite.handler({ ...event, phase: 'chunk', chunk: 0, chunkCount: 2 }, lambdaContext);

    // Act: chunk 1 failed (as the Map's Catch reports it), then a late chunk call arrives.
    const abandoned = await suite.handler(
      {
        ...event,
        phase: 'abandon',
        chunkCount: 2,
        failure: {
          Error: 'CorruptInputError',
          Cause: JSON.stringify({
            errorType: 'CorruptInputError',
            errorMessage: 'chunk 1 decoded short',
          }),
        },
      },
      lambdaContext,
    );
    const late = await suite
      .handler({ ...event, phase: 'chunk', chunk: 1, chunkCount: 2 }, lambdaContext)
      .catch((error: unknown) => error);

    // Assess
    expect(abandoned).toMatchObject({ status: 'abandoned' });
    expect((await manifestOf(suite, 'chunk-fails'))?.steps['video-render-engine']).toMatchObject({
      status: 'failed',
      attempts: [{ status: 'failed', error: { code: 'CORRUPT_INPUT' } }],
      error: { code: 'CORRUPT_INPUT', message: 'chunk 1 decoded short' },
    });
    expect(late).toMatchObject({ name: 'ConflictError' });
    expect(await chunkKeysOf(suite, 'chunk-fails')).toEqual([]);
    expect(await rendersOf(suite, 'chunk-fails')).toEqual([]);
    expect(await suite.environment.scratchLeft()).toEqual([]);
  });
});
