import { join } from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { lambdaContext } from '@reel/test-jobs';
import { createRenderableJob, ffmpeg, planOf } from '../tests/support/seed-job';
import {
  download,
  manifestOf,
  probeStreams,
  useRenderSuite,
} from '../tests/support/render-fixtures';

const suite = useRenderSuite('video-render-engine-rotated');

/**
 * A phone's portrait clip as phones store it: the sensor's landscape 320×180 frames with a display
 * matrix turning them a quarter (ffmpeg 5.1 writes the matrix only on a stream copy).
 */
async function generatePhoneClip(dir: string, path: string): Promise<void> {
  const stored = join(dir, 'phone-stored.mp4');
  await ffmpeg([
    ...['-f', 'lavfi', '-i', 'testsrc2=size=320x180:rate=25:duration=4'],
    ...['-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=48000:duration=4'],
    ...['-c:v', 'libx264', '-preset', 'ultrafast', '-qp', '10', '-g', '25', '-pix_fmt', 'yuv420p'],
    ...['-c:a', 'aac', '-y', stored],
  ]);
  await ffmpeg(['-i', stored, '-c', 'copy', '-metadata:s:v:0', 'rotate=90', '-y', path]);
}

/** SSIM of the first `frames` frames of two files as ffmpeg decodes them (rotation applied). */
async function ssim(rendered: string, source: string, frames: number): Promise<number> {
  const { stderr } = await execa('ffmpeg', [
    ...['-nostdin', '-hide_banner', '-i', rendered, '-i', source],
    ...['-lavfi', `[0:v]trim=end_frame=${frames}[a];[1:v]trim=end_frame=${frames}[b];[a][b]ssim`],
    ...['-f', 'null', '-'],
  ]);
  const all = /All:([0-9.]+)/.exec(stderr)?.[1];
  if (all === undefined) throw new Error(`No SSIM in ffmpeg's output: ${stderr.slice(-500)}`);
  return Number(all);
}

describe('video-render-engine: a rotated phone clip', () => {
  it('renders a quarter-turned 320x180 clip upright at 180x320, not squashed into 320x180', async () => {
    // Prepare
    const sourcePath = join(suite.sourceDir, 'phone.mp4');
    await generatePhoneClip(suite.sourceDir, sourcePath);
    const [sourceVideo] = await probeStreams(sourcePath);
    expect([sourceVideo?.width, sourceVideo?.height]).toEqual([320, 180]);
    const job = await createRenderableJob(suite.environment, {
      jobId: 'phone',
      inputPath: sourcePath,
      plan: planOf(4000, [
        { startMs: 0, endMs: 2000, action: 'keep' },
        { startMs: 2000, endMs: 3000, action: 'cut', reason: 'silence' },
        { startMs: 3000, endMs: 4000, action: 'keep' },
      ]),
    });

    // Act
    const response = await suite.handler({ job, options: {} }, lambdaContext);

    // Assess: portrait output, the picture the same as the upright source's over the first span
    expect(response.status).toBe('succeeded');
    const render = (await manifestOf(suite, 'phone'))?.results.render;
    expect([render?.width, render?.height]).toEqual([180, 320]);
    const output = await download(suite, render?.videoKey, 'phone-render.mp4');
    const video = (await probeStreams(output)).find(({ codec_type }) => codec_type === 'video');
    expect([video?.width, video?.height]).toEqual([180, 320]);
    // A squashed render differs in size (the filter refuses) or, stretched back, scores ≪ 0.9.
    expect(await ssim(output, sourcePath, 50)).toBeGreaterThan(0.9);
  });
});
