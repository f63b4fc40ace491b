import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTempDir } from '../tests/support/media-fixtures';
import { audioInfo, integratedLufs, makeSource } from '../tests/support/transcode-fixtures';
import { createFfmpegRuntime } from './create-ffmpeg-runtime';

const stereo = { channels: 2, sampleRateHz: 48_000, bitrateKbps: 128 } as const;

describe('Method: encodeAacRendition', () => {
  let dir: string;
  let remove: () => Promise<void>;
  const runtime = createFfmpegRuntime();

  beforeEach(async () => {
    ({ dir, remove } = await createTempDir());
  });
  afterEach(async () => remove());

  it('encodes the sound of a video once as AAC-LC stereo, without the picture', async () => {
    // Prepare
    const input = await makeSource(join(dir, 'source.mp4'), {
      durationSec: 4,
      audio: true,
      channels: 2,
    });
    const output = join(dir, 'audio.mp4');

    // Act
    const sound = await runtime.encodeAacRendition({
      input,
      output,
      audio: stereo,
      durationSec: 4,
    });

    // Assess
    expect(await audioInfo(output)).toEqual({
      codec: 'aac',
      profile: 'LC',
      channels: 2,
      sampleRateHz: 48_000,
    });
    expect(sound).toMatchObject({
      path: output,
      channels: 2,
      sampleRateHz: 48_000,
      normalization: 'off',
    });
    expect(Math.abs(sound.durationSec - 4)).toBeLessThan(0.05);
    expect(sound.argv).toContain('-vn');
  });

  it('keeps a mono source mono at 44.1 kHz', async () => {
    const input = await makeSource(join(dir, 'mono.mp4'), {
      durationSec: 2,
      audio: true,
      outputArgs: ['-map', '1:a', '-ar', '44100'],
    });
    const output = join(dir, 'audio.mp4');

    await runtime.encodeAacRendition({
      input,
      output,
      audio: { channels: 1, sampleRateHz: 44_100, bitrateKbps: 64 },
    });

    expect(await audioInfo(output)).toMatchObject({ channels: 1, sampleRateHz: 44_100 });
  });

  it('normalises a quiet source to the target in the same encode, within 1 LU', async () => {
    // Prepare: a tone far below −16 LUFS
    const input = await makeSource(join(dir, 'quiet.mp4'), {
      durationSec: 6,
      audio: true,
      outputArgs: ['-map', '1:a', '-af', 'volume=-20dB'],
    });
    const before = await integratedLufs(input);
    const output = join(dir, 'audio.mp4');
    const percents: number[] = [];

    // Act
    const sound = await runtime.encodeAacRendition({
      input,
      output,
      audio: { channels: 1, sampleRateHz: 48_000, bitrateKbps: 64 },
      loudnessTargetLufs: -16,
      durationSec: 6,
      onProgress: ({ percent }) => percents.push(percent),
    });

    // Assess
    expect(before).toBeLessThan(-25);
    expect(sound.normalization).toBe('applied');
    expect(Math.abs((sound.loudnessBefore?.integratedLufs ?? 0) - before)).toBeLessThan(0.5);
    expect(Math.abs((await integratedLufs(output)) + 16)).toBeLessThanOrEqual(1);
    expect(percents.at(-1)).toBe(100);
  });

  it('encodes a silent source as it is when asked to normalise it', async () => {
    const input = await makeSource(join(dir, 'silent.mp4'), {
      durationSec: 2,
      audio: true,
      outputArgs: ['-map', '1:a', '-af', 'volume=0'],
    });

    const sound = await runtime.encodeAacRendition({
      input,
      output: join(dir, 'audio.mp4'),
      audio: stereo,
      loudnessTargetLufs: -23,
    });

    expect(sound.normalization).toBe('silent');
  });

  it('refuses an input without sound with a typed error and leaves nothing', async () => {
    const input = await makeSource(join(dir, 'picture.mp4'), { durationSec: 1 });

    const failure = await runtime
      .encodeAacRendition({ input, output: join(dir, 'audio.mp4'), audio: stereo })
      .catch((error: unknown) => error);

    expect(failure).toMatchObject({ name: 'UnsupportedMediaError' });
    expect(await readdir(dir)).toEqual(['picture.mp4']);
  });
});
