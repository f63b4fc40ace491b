import { readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { isReelError } from '@reel/error-taxonomy';
import { execa } from 'execa';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTempDir, ffprobeJson, makeClip } from '../tests/support/media-fixtures';
import { createFfmpegRuntime } from './create-ffmpeg-runtime';

// The watermark as render-timeline's buildWatermarkPart lays it: one frame, held by overlay.
const WATERMARK_GRAPH = [
  '[1:v]scale=32:-2,format=rgba[wm_img]',
  '[0:v][wm_img]overlay=x=0:y=0:eof_action=repeat[wm_out]',
  '[0:a]anull[prog_a]',
].join(';');

/** The mean RGB of an 8×8 box at (4,4) of the last frame. */
async function lastFrameCornerRgb(path: string): Promise<number[]> {
  const { stdout } = await execa(
    'ffmpeg',
    // prettier-ignore
    ['-v', 'error', '-sseof', '-0.1', '-i', path, '-vf', 'crop=8:8:4:4,scale=1:1',
      '-frames:v', '1', '-f', 'rawvideo', '-pix_fmt', 'rgb24', '-'],
    { encoding: 'buffer' },
  );
  return [...stdout];
}

describe('Method: renderGraph', () => {
  let dir: string;
  let remove: () => Promise<void>;
  let source: string;
  let logo: string;
  const runtime = createFfmpegRuntime();
  const render = (inputs: Array<{ path: string; inputLabel?: string; still?: boolean }>) =>
    runtime.renderGraph({
      inputs,
      filterScript: WATERMARK_GRAPH,
      videoOut: 'wm_out',
      audioOut: 'prog_a',
      scratchDir: dir,
      output: join(dir, 'render.mp4'),
      expectedDurationSec: 2,
      preset: 'ultrafast',
      // A graph that never ends fails here instead of running to the read limit.
      deadlineAtMs: Date.now() + 30_000,
    });

  beforeEach(async () => {
    ({ dir, remove } = await createTempDir());
    source = await makeClip(join(dir, 'source.mp4'), { durationSec: 2 });
    logo = join(dir, 'logo.png');
    await execa('ffmpeg', [
      // prettier-ignore
      '-v',
      'error',
      '-f',
      'lavfi',
      '-i',
      'color=red:s=64x32',
      '-frames:v',
      '1',
      '-y',
      logo,
    ]);
  });
  afterEach(async () => remove());

  it('reads a still watermark as one frame: the render ends with the programme, the mark on its last frame', async () => {
    // Act
    const { summary } = await render([
      { path: source, inputLabel: 'talk.mp4' },
      { path: logo, inputLabel: 'brand/logo.png', still: true },
    ]);
    // Assess: as long as the source, every frame there, the red mark still in the corner at the end
    expect(Math.abs(summary.durationSec - 2)).toBeLessThanOrEqual(0.05);
    const probed = await ffprobeJson(join(dir, 'render.mp4'));
    expect(probed.streams.map(({ codec_name }) => codec_name)).toEqual(['h264', 'aac']);
    const [red = 0, green = 255, blue = 255] = await lastFrameCornerRgb(join(dir, 'render.mp4'));
    expect(red).toBeGreaterThan(200);
    expect(green).toBeLessThan(60);
    expect(blue).toBeLessThan(60);
    expect((await readdir(dir)).sort()).toEqual(['logo.png', 'render.mp4', 'source.mp4']);
  });

  it('refuses an image where a media input is expected, naming it, and leaves nothing', async () => {
    // Act: the PNG given as a clip (no `still`): the upload allow-list has no image demuxer
    const failure = await render([
      { path: source, inputLabel: 'talk.mp4' },
      { path: logo, inputLabel: 'brand/logo.png' },
    ]).catch((error: unknown) => error);
    // Assess
    expect(isReelError(failure) && failure.type).toBe('UnsupportedMedia');
    expect(isReelError(failure) && failure.message).toContain('brand/logo.png');
    expect((await readdir(dir)).sort()).toEqual(['logo.png', 'source.mp4']);
  });

  it('names the still that failed, not the source', async () => {
    // Prepare: a "PNG" that is not one
    await writeFile(logo, 'not a png at all');
    // Act
    const failure = await render([
      { path: source, inputLabel: 'talk.mp4' },
      { path: logo, inputLabel: 'brand/logo.png', still: true },
    ]).catch((error: unknown) => error);
    // Assess
    expect(isReelError(failure)).toBe(true);
    expect(isReelError(failure) && failure.message).toContain('brand/logo.png');
    expect(isReelError(failure) && failure.message).not.toContain('talk.mp4');
    expect((await readdir(dir)).sort()).toEqual(['logo.png', 'source.mp4']);
  });
});
