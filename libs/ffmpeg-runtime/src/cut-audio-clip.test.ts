import { access, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isReelError } from '@reel/error-taxonomy';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFfmpegRuntime } from './create-ffmpeg-runtime';
import { buildCutAudioClipArgs } from './cut-audio-clip';

const SAMPLE_RATE = 44_100;

/** Decoded length and the start of the first tone burst, in seconds. */
async function measure(path: string): Promise<{ durationSec: number; firstOnsetSec: number }> {
  const { stdout } = await execa(
    'ffmpeg',
    [
      '-nostdin',
      '-v',
      'error',
      '-i',
      path,
      '-f',
      's16le',
      '-ac',
      '1',
      '-ar',
      String(SAMPLE_RATE),
      '-',
    ],
    { encoding: 'buffer' },
  );
  const samples = new Int16Array(stdout.buffer, stdout.byteOffset, Math.floor(stdout.length / 2));
  const first = samples.findIndex((sample) => Math.abs(sample) > 3_000);
  return { durationSec: samples.length / SAMPLE_RATE, firstOnsetSec: first / SAMPLE_RATE };
}

describe('Function: cutAudioClip', () => {
  let dir: string;
  let episode: string;
  const runtime = createFfmpegRuntime();

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'reel-cut-clip-'));
    episode = join(dir, 'episode.mp3');
    // A 50 ms 1 kHz burst at every whole second, as audio-extraction encodes (VBR q2).
    // prettier-ignore
    await execa('ffmpeg', [
      '-nostdin', '-v', 'error', '-f', 'lavfi',
      '-i', `aevalsrc='if(lt(mod(t,1),0.05),0.8*sin(2*PI*1000*t),0)':s=${SAMPLE_RATE}:d=20`,
      '-c:a', 'libmp3lame', '-q:a', '2', '-y', episode,
    ]);
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it.each([
    [7_250, 2_000, 0.75],
    [15_900, 1_500, 0.1],
  ])('cuts from %i ms for %i ms to the sample', async (startMs, durationMs, onsetSec) => {
    // Prepare
    const output = join(dir, `clip-${startMs}.mp3`);

    // Act
    await runtime.cutAudioClip({ input: episode, output, startMs, durationMs });

    // Assess
    const { durationSec, firstOnsetSec } = await measure(output);
    expect(Math.abs(durationSec - durationMs / 1000)).toBeLessThanOrEqual(0.005);
    expect(Math.abs(firstOnsetSec - onsetSec)).toBeLessThanOrEqual(0.005);
  });

  it('removes its output and names the label when the input is missing', async () => {
    // Prepare
    const output = join(dir, 'never.mp3');

    // Act
    const error = await runtime
      .cutAudioClip({
        input: join(dir, 'missing.mp3'),
        inputLabel: 'dev/acme/ep/audio/audio.mp3',
        output,
        startMs: 0,
        durationMs: 1_000,
      })
      .catch((caught: unknown) => caught);

    // Assess
    expect(isReelError(error)).toBe(true);
    expect(String((error as Error).message)).not.toContain(dir);
    await expect(access(output)).rejects.toThrow();
  });
});

describe('Function: buildCutAudioClipArgs', () => {
  it('opens a URL input under http(s) and mp3 only, a path under file only', () => {
    // Act
    const fromUrl = buildCutAudioClipArgs({
      input: 'https://bucket.s3.amazonaws.com/a.mp3?X-Amz-Signature=1',
      output: '/tmp/c.mp3',
      startMs: 12_345,
      durationMs: 3_000,
    });
    const fromPath = buildCutAudioClipArgs({
      input: '/m/a.mp3',
      output: '/tmp/c.mp3',
      startMs: 0,
      durationMs: 1,
    });

    // Assess
    expect(
      fromUrl.slice(fromUrl.indexOf('-protocol_whitelist'), fromUrl.indexOf('-i') + 2),
    ).toEqual([
      '-protocol_whitelist',
      'http,https,tcp,tls',
      '-format_whitelist',
      'mp3',
      '-max_streams',
      '4',
      '-ss',
      '12.345000',
      '-i',
      'https://bucket.s3.amazonaws.com/a.mp3?X-Amz-Signature=1',
    ]);
    expect(fromPath[fromPath.indexOf('-protocol_whitelist') + 1]).toBe('file');
    expect(fromUrl[fromUrl.indexOf('-t') + 1]).toBe('3.000000');
  });

  it('refuses a relative path, another protocol and a non-integer range', () => {
    const base = { output: '/tmp/c.mp3', startMs: 0, durationMs: 1_000 };
    expect(() => buildCutAudioClipArgs({ ...base, input: 'a.mp3' })).toThrow(TypeError);
    expect(() => buildCutAudioClipArgs({ ...base, input: 'ftp://x/a.mp3' })).toThrow(TypeError);
    expect(() => buildCutAudioClipArgs({ ...base, input: '/a.mp3', startMs: 1.5 })).toThrow(
      TypeError,
    );
    expect(() => buildCutAudioClipArgs({ ...base, input: '/a.mp3', durationMs: 0 })).toThrow(
      TypeError,
    );
  });
});
