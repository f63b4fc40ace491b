import { describe, expect, it } from 'vitest';
import { lambdaContext } from '@reel/test-jobs';
import { createRenderableJob, planOf, transcriptOf } from '../tests/support/seed-job';
import {
  FPS,
  FRAME_SEC,
  KEPT_SEC,
  SOURCE_MS,
  brandTenant,
  chunkKeysOf,
  download,
  manifestOf,
  pixelAt,
  probeStreams,
  threeCuts,
  useRenderSuite,
} from '../tests/support/render-fixtures';

const suite = useRenderSuite('video-render-engine-chunked-branding');

const renderOptions = {
  video: { preset: 'ultrafast' },
  watermark: { opacity: 1 },
  subtitles: { mode: 'burn' },
  podcast: { use: false },
  preview: { use: false },
};

describe('video-render-engine: a chunked render with an intro and an outro', () => {
  it('carries the intro in the first chunk and the outro in the last: the one-pass frames, length and streams', async () => {
    // Prepare: watermark, a 320x240 30 fps 44.1 kHz mono intro and a 480x480 24 fps 32 kHz outro
    const tenantId = 'bumpers';
    const { introSec, outroSec } = await brandTenant(suite, { tenantId, outro: true });
    const seed = (jobId: string) =>
      createRenderableJob(suite.environment, {
        jobId,
        tenantId,
        inputPath: suite.sourcePath,
        plan: planOf(SOURCE_MS, threeCuts),
        transcript: transcriptOf(SOURCE_MS),
      });
    const onePassJob = await seed('one-pass');
    const chunkedJob = await seed('three-chunks');
    const event = {
      job: chunkedJob,
      options: { render: { ...renderOptions, chunking: { chunkCount: 3 } } },
      step: 'video-render-engine',
    };

    // Act
    await suite.handler({ job: onePassJob, options: { render: renderOptions } }, lambdaContext);
    const prepared = await suite.handler({ ...event, phase: 'prepare' }, lambdaContext);
    await Promise.all(
      [0, 1, 2].map((chunk) =>
        suite.handler({ ...event, phase: 'chunk', chunk, chunkCount: 3 }, lambdaContext),
      ),
    );
    const finished = await suite.handler(
      { ...event, phase: 'finish', chunkCount: 3 },
      lambdaContext,
    );

    // Assess
    expect(prepared).toMatchObject({ chunked: true, chunkCount: 3 });
    expect(finished.status).toBe('succeeded');
    const [onePass, chunked] = await Promise.all(
      ['one-pass', 'three-chunks'].map(async (jobId) => {
        const render = (await manifestOf(suite, jobId, tenantId))?.results.render;
        const path = await download(suite, render!.videoKey, `${jobId}.mp4`);
        return { path, streams: await probeStreams(path) };
      }),
    );
    const expectedSec = introSec + KEPT_SEC + outroSec;
    for (const { streams } of [onePass!, chunked!]) {
      expect(streams.map(({ codec_type }) => codec_type).sort()).toEqual(['audio', 'video']);
    }
    const [oneVideo, chunkVideo] = [onePass!, chunked!].map(({ streams }) =>
      streams.find(({ codec_type }) => codec_type === 'video')!,
    );
    const [oneAudio, chunkAudio] = [onePass!, chunked!].map(({ streams }) =>
      streams.find(({ codec_type }) => codec_type === 'audio')!,
    );
    expect(Math.abs(Number(oneVideo!.duration) - expectedSec)).toBeLessThanOrEqual(FRAME_SEC);
    expect(chunkVideo).toMatchObject({ width: 640, height: 360, r_frame_rate: `${FPS}/1` });
    expect(Number(chunkVideo!.nb_read_packets)).toBe(Number(oneVideo!.nb_read_packets));
    expect(Number(chunkVideo!.nb_read_packets)).toBe(Math.round(expectedSec * FPS));
    expect(Math.abs(Number(chunkVideo!.duration) - Number(oneVideo!.duration))).toBeLessThanOrEqual(
      FRAME_SEC,
    );
    expect(Math.abs(Number(chunkAudio!.duration) - Number(oneAudio!.duration))).toBeLessThanOrEqual(
      FRAME_SEC,
    );
    expect(chunkAudio!.sample_rate).toBe('48000');
    // The watermark is on the programme (red top-right), not on the intro or the outro.
    const redness = async (atSec: number) => {
      const [red, green, blue] = await pixelAt(chunked!.path, { atSec, x: 579, y: 33 });
      return red! - Math.max(green!, blue!);
    };
    expect(await redness(introSec + KEPT_SEC / 2)).toBeGreaterThan(120);
    expect(await redness(introSec / 2)).toBeLessThan(120);
    expect(await redness(introSec + KEPT_SEC + outroSec / 2)).toBeLessThan(120);
    expect(await chunkKeysOf(suite, 'three-chunks', tenantId)).toEqual([]);
    expect(await suite.environment.scratchLeft()).toEqual([]);
  });
});
