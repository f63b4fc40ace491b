import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTempDir, ffprobeJson, makeClip } from '../tests/support/media-fixtures';
import { buildMp3Args } from './build-mp3-args';
import { runFfmpeg } from './run-ffmpeg';

describe('Function: buildMp3Args', () => {
  it('maps the first audio stream to VBR q2 MP3 and drops everything else', () => {
    // Act
    const args = buildMp3Args({ input: '/job/in.mp4', output: '/job/audio.mp3' });

    // Assess
    // prettier-ignore
    expect(args).toEqual([
      '-i', '/job/in.mp4',
      '-map', '0:a:0', '-vn', '-sn', '-dn',
      '-map_metadata', '-1', '-map_chapters', '-1',
      '-c:a', 'libmp3lame', '-q:a', '2',
      '-f', 'mp3', '-y', '/job/audio.mp3',
    ]);
  });

  it('uses a constant bitrate when one is given', () => {
    // Act
    const args = buildMp3Args({ input: '/in.mp4', output: '/out.mp3', bitrateKbps: 128 });

    // Assess
    expect(args.join(' ')).toContain('-c:a libmp3lame -b:a 128k');
    expect(args).not.toContain('-q:a');
  });

  it.each([
    [{ input: 'in.mp4', output: '/out.mp3' }],
    [{ input: '/in.mp4', output: '-f' }],
    [{ input: '/in.mp4', output: 'https://evil.example/x.mp3' }],
    [{ input: '/in.mp4', output: '/out.mp3', vbrQuality: 10 }],
    [{ input: '/in.mp4', output: '/out.mp3', bitrateKbps: 0 }],
  ])('refuses %j', (options) => {
    // Act & Assess
    expect(() => buildMp3Args(options)).toThrow(TypeError);
  });

  describe('with real ffmpeg', () => {
    let dir: string;
    let remove: () => Promise<void>;
    beforeEach(async () => ({ dir, remove } = await createTempDir()));
    afterEach(async () => remove());

    it('writes an audio-only MP3 as long as the source', async () => {
      // Prepare
      const input = await makeClip(join(dir, 'clip.mp4'), { durationSec: 3 });
      const output = join(dir, 'audio.mp3');

      // Act
      await runFfmpeg({ operation: 'extract-audio-mp3', args: buildMp3Args({ input, output }) });

      // Assess
      const { format, streams } = await ffprobeJson(output);
      expect(format.format_name).toBe('mp3');
      // LAME adds ~50 ms of priming and padding.
      expect(Math.abs(Number(format.duration) - 3)).toBeLessThan(0.1);
      expect(streams).toHaveLength(1);
      expect(streams[0]).toMatchObject({
        codec_type: 'audio',
        codec_name: 'mp3',
        sample_rate: '44100',
      });
    });
  });
});
