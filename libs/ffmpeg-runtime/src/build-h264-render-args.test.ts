import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTempDir, ffprobeJson, makeClip } from '../tests/support/media-fixtures';
import { buildH264RenderArgs } from './build-h264-render-args';
import { runFfmpeg } from './run-ffmpeg';

describe('Function: buildH264RenderArgs', () => {
  it('renders H.264 yuv420p with AAC and faststart, scaled by height', () => {
    // Act
    const args = buildH264RenderArgs({
      input: '/job/in.mov',
      output: '/job/720p.mp4',
      height: 720,
    });

    // Assess
    // prettier-ignore
    expect(args).toEqual([
      '-i', '/job/in.mov',
      '-map', '0:v:0', '-map', '0:a:0?', '-sn', '-dn',
      '-map_metadata', '-1', '-map_chapters', '-1',
      '-vf', 'scale=-2:720',
      '-c:v', 'libx264', '-preset', 'veryfast', '-crf', '23', '-pix_fmt', 'yuv420p',
      '-c:a', 'aac', '-b:a', '128k',
      '-movflags', '+faststart', '-f', 'mp4', '-y', '/job/720p.mp4',
    ]);
  });

  it.each([
    [{ width: 640 }, 'scale=640:-2'],
    [
      { width: 1280, height: 720 },
      'scale=w=1280:h=720:force_original_aspect_ratio=decrease:force_divisible_by=2',
    ],
  ])('scales %j with %s', (size, filter) => {
    // Act
    const args = buildH264RenderArgs({ input: '/in.mp4', output: '/out.mp4', ...size });

    // Assess
    expect(args[args.indexOf('-vf') + 1]).toBe(filter);
  });

  it.each([[{}], [{ height: 721 }], [{ width: 0 }], [{ height: 720, crf: 60 }]])(
    'refuses the size or quality %j',
    (options) => {
      // Act & Assess
      expect(() =>
        buildH264RenderArgs({ input: '/in.mp4', output: '/out.mp4', ...options }),
      ).toThrow(TypeError);
    },
  );

  describe('with real ffmpeg', () => {
    let dir: string;
    let remove: () => Promise<void>;
    beforeEach(async () => ({ dir, remove } = await createTempDir()));
    afterEach(async () => remove());

    async function render(inputName: string, size: { width?: number; height?: number }, clip = {}) {
      const input = await makeClip(join(dir, inputName), {
        durationSec: 2,
        width: 320,
        height: 240,
        ...clip,
      });
      const output = join(dir, 'render.mp4');
      await runFfmpeg({
        operation: 'render',
        args: buildH264RenderArgs({ input, output, preset: 'ultrafast', ...size }),
      });
      return output;
    }

    it('renders a playable MP4 with the aspect ratio kept and the moov atom first', async () => {
      // Act
      const output = await render('clip.mp4', { height: 120 });

      // Assess
      const { format, streams } = await ffprobeJson(output);
      expect(Number(format.duration)).toBeCloseTo(2, 1);
      expect(streams.map(({ codec_type }) => codec_type)).toEqual(['video', 'audio']);
      expect(streams[0]).toMatchObject({
        codec_name: 'h264',
        width: 160,
        height: 120,
        pix_fmt: 'yuv420p',
      });
      expect(streams[1]).toMatchObject({ codec_name: 'aac' });
      const bytes = await readFile(output);
      expect(bytes.indexOf('moov')).toBeLessThan(bytes.indexOf('mdat'));
    });

    it('fits a box with even dimensions', async () => {
      // Act
      const output = await render('clip.mp4', { width: 202, height: 202 });

      // Assess
      const [video] = (await ffprobeJson(output)).streams;
      expect(video).toMatchObject({ width: 202, height: 152 });
    });

    it('renders a source without audio as video only', async () => {
      // Act
      const output = await render('silent.mp4', { width: 100 }, { audio: false });

      // Assess
      const { streams } = await ffprobeJson(output);
      expect(streams).toHaveLength(1);
      expect(streams[0]?.width).toBe(100);
      expect((streams[0]?.height ?? 0) % 2).toBe(0);
    });
  });
});
