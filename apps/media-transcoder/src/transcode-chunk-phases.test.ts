import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildJobRootKey } from '@reel/storage';
import { lambdaContext } from '@reel/test-jobs';
import {
  downloadFolder,
  ffmpeg,
  generateSource,
  joinRendition,
  keyframeTimes,
  manifestOf,
  probeStreams,
  useTranscodeSuite,
} from '../tests/support/transcode-fixtures';
import { parseMpd, readMediaPlaylist } from '../tests/support/stream-checks';

const suite = useTranscodeSuite('media-transcoder-chunks');

const SOURCE_SEC = 36;
const FPS = 25;
const ladder = {
  rungs: [360, 240],
  segmentDurationSec: 2,
  thumbnailIntervalSec: 10,
  x264Preset: 'ultrafast',
};
// 18 segments of 2 s in chunks of ~10 s: 4 chunks (5, 5, 4, 4 segments).
const chunked = { ...ladder, chunkThresholdSec: 30, chunkDurationSec: 10 };

async function chunkKeys(jobId: string): Promise<string[]> {
  const prefix = `${buildJobRootKey({ env: 'dev', tenantId: 'acme', jobId })}/renditions/cmaf/chunks/`;
  return (await suite.environment.dependencies.storage.list({ prefix })).map(({ key }) => key);
}

/** Per rendition: segment durations, keyframes and frames of a published v1 (for comparison). */
async function publishedShape(jobId: string) {
  const job = { env: 'dev', tenantId: 'acme', jobId, correlationId: 'c', runId: 'r' };
  const dir = await downloadFolder(suite, job, 'renditions/cmaf/v1', join(suite.dir, jobId));
  const mpd = parseMpd(await readFile(join(dir, 'manifest.mpd'), 'utf8'));
  const shape: Record<
    string,
    { durations: number[]; keyframes: number[]; frames: number; audioSec?: number }
  > = {};
  for (const name of ['360p', '240p', 'audio']) {
    const playlist = await readMediaPlaylist(dir, name);
    const files = playlist.segments.map(({ uri }) => uri);
    const joined = await joinRendition(join(dir, name), files, join(dir, `${name}-joined.mp4`));
    const [stream] = await probeStreams(joined);
    shape[name] = {
      durations: playlist.segments.map(({ durationSec }) => durationSec),
      keyframes: name === 'audio' ? [] : await keyframeTimes(joined),
      frames: Number(stream?.nb_read_packets),
      ...(name === 'audio' ? { audioSec: Number(stream?.duration) } : {}),
    };
  }
  return { shape, mpd };
}

describe('media-transcoder: the chunk path', () => {
  let sourcePath: string;
  beforeAll(async () => {
    sourcePath = join(suite.dir, 'long.mp4');
    await generateSource(sourcePath, { durationSec: SOURCE_SEC });
  });

  it('encodes a long source in 4 chunks through its phases to the same segments and frames as one process', async () => {
    // Prepare
    const chunkedJob = await suite.environment.createJob('chunked', sourcePath);
    const singleJob = await suite.environment.createJob('single', sourcePath);
    const event = { job: chunkedJob, options: { transcode: chunked }, step: 'media-transcoder' };

    // Act
    const prepared = await suite.handler({ ...event, phase: 'prepare' }, lambdaContext);
    const afterPrepare = await chunkKeys('chunked');
    const chunks = [];
    for (const pair of [
      [0, 1],
      [2, 3],
    ]) {
      chunks.push(
        ...(await Promise.all(
          pair.map((chunk) =>
            suite.handler({ ...event, phase: 'chunk', chunk, chunkCount: 4 }, lambdaContext),
          ),
        )),
      );
    }
    const storedChunks = await chunkKeys('chunked');
    const finished = await suite.handler(
      { ...event, phase: 'finish', chunkCount: 4 },
      lambdaContext,
    );
    await suite.handler(
      {
        job: singleJob,
        options: { transcode: { ...ladder, lowestRungFirst: false } },
        step: 'media-transcoder',
      },
      lambdaContext,
    );

    // Assess: the phases
    expect(prepared).toEqual({
      step: 'media-transcoder',
      status: 'chunked',
      chunked: true,
      chunkCount: 4,
      chunks: [{ index: 0 }, { index: 1 }, { index: 2 }, { index: 3 }],
    });
    expect(afterPrepare).toEqual([
      `dev/acme/chunked/renditions/cmaf/chunks/${chunkedJob.runId}/audio.mp4`,
    ]);
    expect(chunks.map(({ status }) => status)).toEqual([
      'chunk-done',
      'chunk-done',
      'chunk-done',
      'chunk-done',
    ]);
    expect(storedChunks).toHaveLength(1 + 4 * 2);
    expect(storedChunks).toContain(
      `dev/acme/chunked/renditions/cmaf/chunks/${chunkedJob.runId}/chunk-003/240p.mp4`,
    );
    expect(finished.status).toBe('succeeded');
    expect(await chunkKeys('chunked')).toEqual([]);
    const chunkedResult = (await manifestOf(suite, 'chunked'))?.results.transcode;
    const singleResult = (await manifestOf(suite, 'single'))?.results.transcode;
    expect(chunkedResult?.chunkCount).toBe(4);
    expect(singleResult?.chunkCount).toBe(1);

    // Assess: indistinguishable from one process
    const fromChunks = await publishedShape('chunked');
    const fromOne = await publishedShape('single');
    for (const name of ['360p', '240p']) {
      expect(fromChunks.shape[name]?.frames).toBe(SOURCE_SEC * FPS);
      expect(fromChunks.shape[name]?.frames).toBe(fromOne.shape[name]?.frames);
      expect(fromChunks.shape[name]?.durations).toEqual(fromOne.shape[name]?.durations);
      expect(fromChunks.shape[name]?.keyframes).toEqual(fromOne.shape[name]?.keyframes);
      expect(fromChunks.shape[name]?.keyframes).toEqual(
        Array.from({ length: 18 }, (_, index) => index * 2),
      );
    }
    expect(fromChunks.shape.audio?.durations).toEqual(fromOne.shape.audio?.durations);
    expect(Math.abs((fromChunks.shape.audio?.audioSec ?? 0) - SOURCE_SEC)).toBeLessThan(0.05);
    expect(fromChunks.mpd.map(({ id, durationsTicks }) => [id, durationsTicks])).toEqual(
      fromOne.mpd.map(({ id, durationsTicks }) => [id, durationsTicks]),
    );
    expect(
      chunkedResult?.video.map(({ frameCount, segmentCount }) => [frameCount, segmentCount]),
    ).toEqual(
      singleResult?.video.map(({ frameCount, segmentCount }) => [frameCount, segmentCount]),
    );
    expect(await suite.environment.scratchLeft()).toEqual([]);
  });

  it('removes the run\u2019s chunk objects when a chunk failed (abandon), also those of a chunk still encoding then', async () => {
    // Prepare
    const job = await suite.environment.createJob('abandoned', sourcePath);
    const event = { job, options: { transcode: chunked }, step: 'media-transcoder' };
    await suite.handler({ ...event, phase: 'prepare' }, lambdaContext);
    await suite.handler({ ...event, phase: 'chunk', chunk: 0, chunkCount: 4 }, lambdaContext);
    const beforeAbandon = await chunkKeys('abandoned');

    // Act: chunk 1 is encoding while the step is abandoned.
    const late = suite.handler(
      { ...event, phase: 'chunk', chunk: 1, chunkCount: 4 },
      lambdaContext,
    );
    const abandoned = await suite.handler(
      {
        ...event,
        phase: 'abandon',
        chunkCount: 4,
        failure: {
          Error: 'TimeoutError',
          Cause: JSON.stringify({ errorType: 'TimeoutError', errorMessage: 'chunk 1 timed out' }),
        },
      },
      lambdaContext,
    );

    const lateOutcome = await late.then(
      () => 'stored',
      (error: Error) => error.name,
    );

    // Assess
    expect(lateOutcome).toMatch(/Error$/);
    expect(beforeAbandon).toHaveLength(3);
    expect(abandoned).toMatchObject({ status: 'abandoned', chunkCount: 4 });
    expect(await chunkKeys('abandoned')).toEqual([]);
    const manifest = await manifestOf(suite, 'abandoned');
    expect(manifest?.steps['media-transcoder']?.status).toBe('failed');
    expect(manifest?.results.transcode).toBeUndefined();
  });

  it('lengthens the chunks of a source that would need more than the Map’s 64, and its chunk Tasks agree', async () => {
    // Prepare: 700 s of 144p picture (a 2 s clip looped by stream copy), 1 s segments, 10 s
    // chunks asked for: 70 chunks, more than MAX_FAN_OUT_ITEMS.
    const clipPath = join(suite.dir, 'clip-144p.mp4');
    const longPath = join(suite.dir, 'long-144p.mp4');
    await ffmpeg([
      ...['-f', 'lavfi', '-i', 'testsrc2=size=256x144:rate=25:duration=2'],
      ...['-c:v', 'libx264', '-preset', 'ultrafast', '-g', '25', '-pix_fmt', 'yuv420p', '-y'],
      clipPath,
    ]);
    await ffmpeg(['-stream_loop', '349', '-i', clipPath, '-c', 'copy', '-y', longPath]);
    const job = await suite.environment.createJob('many-chunks', longPath);
    const transcode = {
      rungs: [144],
      segmentDurationSec: 1,
      x264Preset: 'ultrafast',
      chunkThresholdSec: 30,
      chunkDurationSec: 10,
    };
    const event = { job, options: { transcode }, step: 'media-transcoder' };

    // Act
    const prepared = await suite.handler({ ...event, phase: 'prepare' }, lambdaContext);
    const last = await suite.handler(
      { ...event, phase: 'chunk', chunk: 63, chunkCount: 64 },
      lambdaContext,
    );
    const stored = await chunkKeys('many-chunks');
    const chunkPath = join(suite.dir, 'chunk-063.mp4');
    await suite.environment.dependencies.storage.getToFile({
      key: stored[0] ?? '',
      path: chunkPath,
    });
    await suite.handler(
      {
        ...event,
        phase: 'abandon',
        chunkCount: 64,
        failure: { Error: 'TestStop', Cause: '{}' },
      },
      lambdaContext,
    );

    // Assess: 700 segments in 64 chunks of 11 s, as even as whole segments allow (60 of 11 and
    // 4 of 10): the last chunk's 10 s run to the source's end
    expect(prepared).toMatchObject({ status: 'chunked', chunkCount: 64 });
    expect(last.status).toBe('chunk-done');
    expect(stored).toEqual([
      `dev/acme/many-chunks/renditions/cmaf/chunks/${job.runId}/chunk-063/144p.mp4`,
    ]);
    const [video] = await probeStreams(chunkPath);
    expect(Number(video?.nb_read_packets)).toBe(10 * FPS);
    expect(await keyframeTimes(chunkPath)).toEqual(Array.from({ length: 10 }, (_, index) => index));
    expect(await chunkKeys('many-chunks')).toEqual([]);
  });
});
