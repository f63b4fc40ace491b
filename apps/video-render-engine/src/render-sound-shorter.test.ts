import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lambdaContext } from '@reel/test-jobs';
import { createRenderableJob, ffmpeg, planOf } from '../tests/support/seed-job';
import {
  download,
  manifestOf,
  probeStreams,
  useRenderSuite,
} from '../tests/support/render-fixtures';

const suite = useRenderSuite('video-render-engine-sound-shorter');

// The picture runs 11 s, the sound stops at 10.9 s (ffprobe: about 54 ms less than the file).
const PICTURE_SEC = 11;

async function generateShortSoundSource(path: string): Promise<void> {
  await ffmpeg([
    ...['-f', 'lavfi', '-i', `testsrc2=size=320x180:rate=25:duration=${PICTURE_SEC}`],
    ...['-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=48000:duration=10.9'],
    ...['-c:v', 'libx264', '-preset', 'ultrafast', '-g', '25', '-pix_fmt', 'yuv420p'],
    ...['-c:a', 'aac', '-y', path],
  ]);
}

describe('video-render-engine: a source whose sound ends before its picture', () => {
  it.each([
    ['covers the whole source (what the planner writes)', 'source'],
    ['ends where the sound ends (a plan made from the sound alone)', 'sound'],
  ])('renders a plan that %s, its tail kept with the picture', async (_, planEnd) => {
    // Prepare
    const sourcePath = join(suite.sourceDir, `short-sound-${planEnd}.mp4`);
    await generateShortSoundSource(sourcePath);
    const streams = await probeStreams(sourcePath);
    const soundMs = Math.round(
      Number(streams.find(({ codec_type }) => codec_type === 'audio')?.duration) * 1000,
    );
    const endMs = planEnd === 'source' ? PICTURE_SEC * 1000 : soundMs;
    const job = await createRenderableJob(suite.environment, {
      jobId: `short-sound-${planEnd}`,
      inputPath: sourcePath,
      plan: planOf(endMs, [
        { startMs: 0, endMs: 4000, action: 'keep' },
        { startMs: 4000, endMs: 5000, action: 'cut', reason: 'silence' },
        { startMs: 5000, endMs, action: 'keep' },
      ]),
    });

    // Act
    const response = await suite.handler({ job, options: {} }, lambdaContext);

    // Assess: 10 s of picture (the tail up to the source's end kept), the sound as long as it lasts
    expect(response.status).toBe('succeeded');
    const render = (await manifestOf(suite, `short-sound-${planEnd}`))?.results.render;
    const output = await download(suite, render?.videoKey, `render-${planEnd}.mp4`);
    const rendered = await probeStreams(output);
    const video = rendered.find(({ codec_type }) => codec_type === 'video');
    const audio = rendered.find(({ codec_type }) => codec_type === 'audio');
    expect(Number(video?.nb_read_packets)).toBe(250);
    expect(Math.abs(Number(audio?.duration) - 10)).toBeLessThanOrEqual(0.1);
    expect(Math.abs((render?.durationSec ?? 0) - 10)).toBeLessThanOrEqual(0.05);
  });
});
