import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CorruptInputError, ReelError } from '@reel/error-taxonomy';
import { overwriteWithNoise } from '@reel/sample-media';
import { createTempDir, ffprobeJson, makeClip } from '../tests/support/media-fixtures';
import { createFfmpegRuntime } from './create-ffmpeg-runtime';
import type { FfmpegProgress } from './progress-parser';

/** Integrated loudness and true peak as ffmpeg's ebur128 filter measures them (its summary). */
async function ebur128(path: string): Promise<{ integratedLufs: number; truePeakDb: number }> {
  // prettier-ignore
  const { stderr } = await execa('ffmpeg', ['-nostdin', '-hide_banner', '-nostats', '-i', path,
    '-af', 'ebur128=peak=true', '-f', 'null', '-']);
  const summary = stderr.slice(stderr.lastIndexOf('Summary:'));
  const integrated = /^\s+I:\s+(-?[\d.]+) LUFS/m.exec(summary);
  const peak = /True peak:\s+Peak:\s+(-?[\d.]+|-inf) dBFS/m.exec(summary);
  if (!integrated || !peak) throw new Error(`No ebur128 summary in:\n${summary}`);
  return { integratedLufs: Number(integrated[1]), truePeakDb: Number(peak[1]) };
}

async function durationOf(path: string): Promise<number> {
  return Number((await ffprobeJson(path)).format.duration);
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

// prettier-ignore
const ffmpeg = (args: string[]) => execa('ffmpeg', ['-nostdin', '-v', 'error', ...args, '-y']);

describe('Operation: encodePodcastMp3', () => {
  let dir: string;
  let remove: () => Promise<void>;
  const runtime = createFfmpegRuntime();
  beforeEach(async () => ({ dir, remove } = await createTempDir()));
  afterEach(async () => remove());

  const targets = { integratedLufs: -16, truePeakDb: -1, bitrateKbps: 128 };

  it('raises a quiet (−30 LUFS) voice-like tone to −16 LUFS with true peak ≤ −1 dBTP, same length', async () => {
    // Prepare: a 220 Hz tone whose level swells and falls over 4 s (a loudness range), in an MP4.
    const input = join(dir, 'quiet.mp4');
    // prettier-ignore
    await ffmpeg(['-f', 'lavfi', '-i', 'sine=frequency=220:sample_rate=48000:duration=8',
      '-af', "volume=eval=frame:volume='0.6+0.4*sin(2*PI*t/4)',volume=-4dB", '-c:a', 'aac', '-b:a', '128k', join(dir, 'quiet.mp4')]);
    const before = await ebur128(input);
    const output = join(dir, 'episode.mp3');

    // Act
    const run = await runtime.encodePodcastMp3({ input, output, ...targets, durationSec: 8 });

    // Assess
    expect(before.integratedLufs).toBeLessThan(-28);
    const after = await ebur128(output);
    expect(Math.abs(after.integratedLufs - -16)).toBeLessThanOrEqual(1);
    expect(after.truePeakDb).toBeLessThanOrEqual(-1);
    expect(Math.abs((await durationOf(output)) - (await durationOf(input)))).toBeLessThanOrEqual(
      0.05,
    );
    expect(run.normalization).toBe('linear');
    expect(
      Math.abs((run.inputLoudness.integratedLufs ?? 0) - before.integratedLufs),
    ).toBeLessThanOrEqual(1);
    expect(Math.abs((run.outputLoudness.integratedLufs ?? 0) - -16)).toBeLessThanOrEqual(1);
    const probed = await ffprobeJson(output);
    expect(probed.streams).toHaveLength(1);
    expect(probed.streams[0]).toMatchObject({ codec_name: 'mp3', sample_rate: '44100' });
  });

  it('brings hot speech down to −16 LUFS without passing −1 dBTP and reports progress up to 100', async () => {
    // Prepare: espeak-ng speech pushed up to a limiter (≈ −10 LUFS, peaks near 0 dBFS).
    const speech = join(dir, 'speech.wav');
    await execa('espeak-ng', [
      '-w',
      speech,
      'Welcome to the reel podcast. Today we talk about cutting video on serverless functions, and why one encode beats four.',
    ]);
    const input = join(dir, 'hot.wav');
    await ffmpeg(['-i', speech, '-af', 'volume=10dB,alimiter=limit=0.99', '-ar', '48000', input]);
    const before = await ebur128(input);
    const output = join(dir, 'episode.mp3');
    const progress: FfmpegProgress[] = [];
    const inputSec = await durationOf(input);

    // Act
    const run = await runtime.encodePodcastMp3({
      input,
      output,
      ...targets,
      durationSec: inputSec,
      onProgress: (report) => progress.push(report),
    });

    // Assess
    expect(before.integratedLufs).toBeGreaterThan(-14);
    const after = await ebur128(output);
    expect(Math.abs(after.integratedLufs - -16)).toBeLessThanOrEqual(1);
    expect(after.truePeakDb).toBeLessThanOrEqual(-1);
    expect(Math.abs((await durationOf(output)) - inputSec)).toBeLessThanOrEqual(0.05);
    expect(run.inputLoudness.integratedLufs).toBeGreaterThan(-14);
    const percents = progress.map(({ percent }) => percent);
    expect(percents.at(-1)).toBe(100);
    expect(percents.filter((percent) => percent === 100)).toHaveLength(1);
    expect(
      percents.every((percent, index) => index === 0 || percent > percents[index - 1]!),
      String(percents),
    ).toBe(true);
  });

  it('encodes a silent input as it is and says nothing was normalised', async () => {
    // Prepare
    const input = join(dir, 'silent.wav');
    await ffmpeg([
      '-f',
      'lavfi',
      '-i',
      'anullsrc=sample_rate=48000:channel_layout=stereo',
      '-t',
      '3',
      input,
    ]);
    const output = join(dir, 'episode.mp3');

    // Act
    const run = await runtime.encodePodcastMp3({ input, output, ...targets, durationSec: 3 });

    // Assess
    expect(run.normalization).toBe('none');
    expect(run.inputLoudness.integratedLufs).toBeNull();
    expect(run.outputLoudness.integratedLufs).toBeNull();
    expect(Math.abs((await durationOf(output)) - 3)).toBeLessThanOrEqual(0.05);
  });

  it('fails with a typed error naming the input and leaves no MP3 when the input has no sound', async () => {
    // Prepare
    const input = await makeClip(join(dir, 'picture.mp4'), { audio: false });
    const output = join(dir, 'episode.mp3');

    // Act
    const failure = await runtime
      .encodePodcastMp3({ input, output, inputLabel: 'picture.mp4', ...targets, durationSec: 2 })
      .catch((error: unknown) => error);

    // Assess
    expect(failure).toBeInstanceOf(ReelError);
    expect((failure as ReelError).message).toContain('picture.mp4');
    expect(await exists(output)).toBe(false);
  });

  it('counts decode errors in the measuring pass too: a damaged input fails before anything is encoded', async () => {
    // Prepare: 8 KB of noise in the middle of 12 s of AAC (dozens of undecodable packets)
    const input = await makeClip(join(dir, 'tone.m4a'), {
      durationSec: 12,
      video: false,
      extraArgs: ['-c:a', 'aac'],
    });
    await overwriteWithNoise(input, { offsetFraction: 0.5, byteCount: 8192 });
    const output = join(dir, 'episode.mp3');
    const percents: number[] = [];

    // Act
    const failure = await runtime
      .encodePodcastMp3({
        input,
        output,
        inputLabel: 'tone.m4a',
        ...targets,
        durationSec: 12,
        onProgress: ({ percent }) => percents.push(percent),
      })
      .catch((error: unknown) => error);

    // Assess: refused in pass 1 (its share of the bar is 0–30 %), nothing written
    expect(failure).toBeInstanceOf(CorruptInputError);
    expect((failure as CorruptInputError).message).toMatch(/^tone\.m4a is damaged: \d+ packets/);
    expect(Math.max(0, ...percents)).toBeLessThanOrEqual(30);
    expect(await exists(output)).toBe(false);
  });
});
