import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTempDir, ffprobeJson, makeClip } from '../tests/support/media-fixtures';
import { buildAsrWavArgs } from './build-asr-wav-args';
import { runFfmpeg } from './run-ffmpeg';

describe('Function: buildAsrWavArgs', () => {
  it('asks for 16 kHz mono 16-bit PCM WAV', () => {
    // Act
    const args = buildAsrWavArgs({ input: '/job/in.mp4', output: '/job/asr.wav' });

    // Assess
    // prettier-ignore
    expect(args).toEqual([
      '-i', '/job/in.mp4',
      '-map', '0:a:0', '-vn', '-sn', '-dn',
      '-map_metadata', '-1', '-map_chapters', '-1',
      '-ac', '1', '-ar', '16000', '-c:a', 'pcm_s16le',
      '-f', 'wav', '-y', '/job/asr.wav',
    ]);
  });

  it('converts only a range when given startSec and durationSec', () => {
    // Act
    const args = buildAsrWavArgs({
      input: '/job/in.wav',
      output: '/job/chunk.wav',
      startSec: 118.25,
      durationSec: 96.5,
    });

    // Assess
    expect(args.slice(0, 6)).toEqual(['-ss', '118.250000', '-t', '96.500000', '-i', '/job/in.wav']);
    expect(() => buildAsrWavArgs({ input: '/in.wav', output: '/c.wav', startSec: -1 })).toThrow(
      /startSec/,
    );
    expect(() => buildAsrWavArgs({ input: '/in.wav', output: '/c.wav', durationSec: 0 })).toThrow(
      /durationSec/,
    );
  });

  it('refuses a relative output and an odd sample rate', () => {
    // Act & Assess
    expect(() => buildAsrWavArgs({ input: '/in.mp4', output: 'asr.wav' })).toThrow(TypeError);
    expect(() =>
      buildAsrWavArgs({ input: '/in.mp4', output: '/asr.wav', sampleRateHz: 16.5 }),
    ).toThrow(TypeError);
  });

  describe('with real ffmpeg', () => {
    let dir: string;
    let remove: () => Promise<void>;
    beforeEach(async () => ({ dir, remove } = await createTempDir()));
    afterEach(async () => remove());

    it('downmixes a 48 kHz stereo source to 16 kHz mono', async () => {
      // Prepare
      const input = await makeClip(join(dir, 'stereo.mkv'), {
        durationSec: 2,
        video: false,
        extraArgs: ['-ac', '2', '-ar', '48000', '-c:a', 'flac'],
      });
      const output = join(dir, 'asr.wav');

      // Act
      await runFfmpeg({ operation: 'extract-audio-wav', args: buildAsrWavArgs({ input, output }) });

      // Assess
      const { format, streams } = await ffprobeJson(output);
      expect(format.format_name).toBe('wav');
      expect(Number(format.duration)).toBeCloseTo(2, 1);
      expect(streams).toHaveLength(1);
      expect(streams[0]).toMatchObject({
        codec_name: 'pcm_s16le',
        sample_rate: '16000',
        channels: 1,
      });
    });

    it('cuts a range to within one sample of its length', async () => {
      // Prepare
      const input = await makeClip(join(dir, 'long.wav'), { durationSec: 5, video: false });
      const output = join(dir, 'chunk.wav');

      // Act
      await runFfmpeg({
        operation: 'cut-wav-chunk',
        args: buildAsrWavArgs({ input, output, startSec: 1.25, durationSec: 2.5 }),
      });

      // Assess
      const { format } = await ffprobeJson(output);
      expect(Math.abs(Number(format.duration) - 2.5)).toBeLessThan(1 / 16_000 + 1e-6);
    });
  });
});
