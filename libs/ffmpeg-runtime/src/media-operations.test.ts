import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  CorruptInputError,
  GuardrailExceededError,
  UnsupportedMediaError,
} from '@reel/error-taxonomy';
import { overwriteWithNoise, patchMatroskaDuration } from '@reel/sample-media';
import { createTempDir, ffprobeJson, makeClip } from '../tests/support/media-fixtures';
import { createFfmpegRuntime } from './create-ffmpeg-runtime';
import { DECODE_ERROR_LIMIT, decodeErrorLimit } from './run-operation';

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

/** An MKV of `trueSec` of 16×16 frames at 1 fps whose header says it lasts `claimedSec`. */
async function makeLyingMatroska(
  path: string,
  { trueSec, claimedSec }: { trueSec: number; claimedSec: number },
) {
  const honest = `${path}.honest.mkv`;
  // prettier-ignore
  await execa('ffmpeg', ['-v', 'error', '-f', 'lavfi', '-i', `color=c=gray:size=16x16:rate=1:duration=${trueSec}`,
    '-f', 'lavfi', '-i', `sine=duration=${trueSec}:sample_rate=8000`, '-c:v', 'libx264', '-preset', 'ultrafast', '-c:a', 'libopus', honest]);
  await writeFile(path, patchMatroskaDuration(await readFile(honest), { trueSec, claimedSec }));
  return path;
}

describe('Runtime operations', () => {
  let dir: string;
  let remove: () => Promise<void>;
  const runtime = createFfmpegRuntime();
  beforeEach(async () => ({ dir, remove } = await createTempDir()));
  afterEach(async () => remove());

  describe('Method: extractMp3', () => {
    it('writes an MP3 as long as the input, reporting progress up to 100 %', async () => {
      // Prepare
      const input = await makeClip(join(dir, 'clip.mp4'), { durationSec: 2 });
      const output = join(dir, 'audio.mp3');
      const percents: number[] = [];

      // Act
      const run = await runtime.extractMp3({
        input,
        output,
        durationSec: 2,
        onProgress: ({ percent }) => percents.push(percent),
      });

      // Assess
      const probed = await ffprobeJson(output);
      expect(probed.streams.map(({ codec_name }) => codec_name)).toEqual(['mp3']);
      expect(Number(probed.format.duration)).toBeCloseTo(2, 0);
      expect(percents.at(-1)).toBe(100);
      expect(run.argv).toEqual(expect.arrayContaining(['-t', '-fs', '-max_streams']));
      expect(run.decodeErrors).toBe(0);
    });

    it('stops reading at the duration guardrail whatever the header claims, and removes its output', async () => {
      // Prepare: the header says 1 s; the file holds 30 s; the job allows 10 s.
      const input = await makeLyingMatroska(join(dir, 'lying.mkv'), { trueSec: 30, claimedSec: 1 });
      const output = join(dir, 'audio.mp3');

      // Act
      const failure = await runtime
        .extractMp3({ input, output, inputLabel: 'lying.mkv', guardrails: { maxDurationSec: 10 } })
        .catch((error: unknown) => error);

      // Assess
      expect(failure).toBeInstanceOf(GuardrailExceededError);
      expect(failure).toMatchObject({
        message: expect.stringMatching(/^lying\.mkv holds media past 1\d\.\d s/),
        details: { guardrail: 'maxDurationSec', limit: 10, actual: expect.any(Number) },
      });
      const { actual } = (failure as GuardrailExceededError).details;
      expect(actual).toBeGreaterThan(10);
      expect(actual).toBeLessThan(12);
      expect(await exists(output)).toBe(false);
    });

    it(`fails past ${DECODE_ERROR_LIMIT} decode errors: 8 KB of noise in the middle of AAC audio`, async () => {
      // Prepare: packets all there, but dozens of them undecodable (ffmpeg alone exits 0).
      const input = await makeClip(join(dir, 'tone.m4a'), {
        durationSec: 12,
        video: false,
        extraArgs: ['-c:a', 'aac'],
      });
      await overwriteWithNoise(input, { offsetFraction: 0.5, byteCount: 8192 });
      const output = join(dir, 'audio.mp3');

      // Act
      const failure = await runtime
        .extractMp3({ input, output, inputLabel: 'tone.m4a', durationSec: 12 })
        .catch((error: unknown) => error);

      // Assess
      expect(failure).toBeInstanceOf(CorruptInputError);
      expect(failure).toMatchObject({
        message: expect.stringMatching(
          /^tone\.m4a is damaged: \d+ packets failed to decode in 1\d\.\d s decoded \(claimed 12\.0 s\), more than the 10 allowed$/,
        ),
        details: { limit: DECODE_ERROR_LIMIT, claimedDurationSec: 12 },
      });
      const { decodeErrors, measuredDurationSec } = (failure as CorruptInputError).details;
      expect(decodeErrors).toBeGreaterThan(DECODE_ERROR_LIMIT);
      expect(measuredDurationSec).toBeCloseTo(12, 0);
      expect(await exists(output)).toBe(false);
    });

    it('lets scattered glitches in longer media pass: over 10 failed packets in 3 minutes', async () => {
      // Prepare: two 1 KB bursts of noise, a handful of failed packets each (a low rate to be quick).
      const input = await makeClip(join(dir, 'long.m4a'), {
        durationSec: 180,
        video: false,
        extraArgs: ['-c:a', 'aac', '-ar', '22050', '-b:a', '32k'],
      });
      await overwriteWithNoise(input, { offsetFraction: 0.3, byteCount: 1024 });
      await overwriteWithNoise(input, { offsetFraction: 0.7, byteCount: 1024 });
      const output = join(dir, 'audio-16k.wav');

      // Act
      const run = await runtime.extractAsrWav({ input, output, durationSec: 180 });

      // Assess
      expect(run.decodeErrors).toBeGreaterThan(DECODE_ERROR_LIMIT);
      expect(run.decodeErrors).toBeLessThanOrEqual(decodeErrorLimit(180));
      // Written whole but for the failed packets' fraction of a second.
      expect(Number((await ffprobeJson(output)).format.duration)).toBeGreaterThan(178);
    });

    it('names the input by its label, not the scratch path, and keeps the path in details', async () => {
      // Prepare
      const input = await makeClip(join(dir, 'silent.mp4'), { audio: false });

      // Act
      const failure = await runtime
        .extractMp3({ input, output: join(dir, 'a.mp3'), inputLabel: 'holiday.mp4' })
        .catch((error: unknown) => error);

      // Assess
      expect(failure).toBeInstanceOf(UnsupportedMediaError);
      expect((failure as Error).message).toMatch(/^holiday\.mp4: /);
      expect((failure as Error).message).not.toContain(dir);
      expect(failure).toMatchObject({ details: { input, inputLabel: 'holiday.mp4' } });
    });
  });

  describe('Method: extractAsrWav', () => {
    it('converts one range of the input, e.g. an ASR chunk', async () => {
      // Prepare
      const input = await makeClip(join(dir, 'tone.wav'), { durationSec: 3, video: false });
      const output = join(dir, 'chunk.wav');

      // Act
      await runtime.extractAsrWav({ input, output, range: { startSec: 1, durationSec: 1.5 } });

      // Assess
      const probed = await ffprobeJson(output);
      expect(Number(probed.format.duration)).toBeCloseTo(1.5, 2);
      expect(probed.streams[0]).toMatchObject({ sample_rate: '16000', channels: 1 });
    });
  });

  describe('Method: segmentAudio', () => {
    it('returns the segments in playback order', async () => {
      // Prepare
      const input = await makeClip(join(dir, 'tone.wav'), { durationSec: 5, video: false });

      // Act
      const { files } = await runtime.segmentAudio({
        input,
        outputDir: join(dir, 'segments'),
        segmentDurationSec: 2,
      });

      // Assess
      expect(files.map((path) => path.slice(dir.length))).toEqual([
        '/segments/segment-000.mp3',
        '/segments/segment-001.mp3',
        '/segments/segment-002.mp3',
      ]);
      expect(Number((await ffprobeJson(files[0]!)).format.duration)).toBeCloseTo(2, 1);
    });

    it('removes its segments when the input is longer than allowed', async () => {
      // Prepare
      const input = await makeLyingMatroska(join(dir, 'lying.mkv'), { trueSec: 20, claimedSec: 1 });
      const outputDir = join(dir, 'segments');

      // Act
      const failure = await runtime
        .segmentAudio({
          input,
          outputDir,
          segmentDurationSec: 2,
          guardrails: { maxDurationSec: 5 },
        })
        .catch((error: unknown) => error);

      // Assess
      expect(failure).toBeInstanceOf(GuardrailExceededError);
      expect(await exists(outputDir)).toBe(false);
    });
  });

  describe('Method: detectSilences', () => {
    it('finds each silence, closing one still open at the end at the duration', async () => {
      // Prepare: a tone, silence from 1 s to 2 s, a tone, and silence from 3 s to the end (3.5 s).
      const input = join(dir, 'tone-gap-tone.wav');
      // prettier-ignore
      await execa('ffmpeg', ['-v', 'error', '-f', 'lavfi', '-i', "aevalsrc='if(between(t,1,2)+gte(t,3),0,0.5*sin(440*2*PI*t))':d=3.5:s=16000", '-ac', '1', input]);
      const percents: number[] = [];

      // Act
      const silences = await runtime.detectSilences({
        input,
        scratchDir: dir,
        durationSec: 3.5,
        minSilenceSec: 0.3,
        onProgress: ({ percent }) => percents.push(percent),
      });

      // Assess
      expect(silences).toHaveLength(2);
      expect(silences[0]!.startSec).toBeCloseTo(1, 1);
      expect(silences[0]!.endSec).toBeCloseTo(2, 1);
      expect(silences[1]!.startSec).toBeCloseTo(3, 1);
      expect(silences[1]!.endSec).toBeCloseTo(3.5, 1);
      expect(percents.at(-1)).toBe(100);
    });
  });

  describe('Method: renderH264', () => {
    it('renders a scaled H.264/AAC MP4', async () => {
      // Prepare
      const input = await makeClip(join(dir, 'clip.mp4'), { width: 320, height: 240 });
      const output = join(dir, 'small.mp4');

      // Act
      await runtime.renderH264({ input, output, width: 160, preset: 'ultrafast' });

      // Assess
      const probed = await ffprobeJson(output);
      expect(probed.streams.map(({ codec_name }) => codec_name)).toEqual(['h264', 'aac']);
      expect(probed.streams[0]).toMatchObject({ width: 160, height: 120 });
    });
  });

  describe('Method: scanPackets', () => {
    it('measures where the packets end without decoding', async () => {
      // Prepare
      const input = await makeClip(join(dir, 'clip.mp4'), { durationSec: 3 });

      // Act
      const { scannedDurationSec } = await runtime.scanPackets({ input, claimedDurationSec: 3 });

      // Assess
      expect(scannedDurationSec).toBeGreaterThan(2.9);
      expect(scannedDurationSec).toBeLessThan(3.1);
    });

    it('refuses a faststart MP4 cut in half as CorruptInputError with both durations', async () => {
      // Prepare: the moov atom (first) survives, so ffprobe still claims the whole 10 s.
      const whole = await makeClip(join(dir, 'whole.mp4'), { durationSec: 10, faststart: true });
      const input = join(dir, 'half.mp4');
      const bytes = await readFile(whole);
      await writeFile(input, bytes.subarray(0, bytes.length / 2));
      const claimedDurationSec = (await runtime.probe({ input })).durationSec;

      // Act
      const failure = await runtime
        .scanPackets({ input, claimedDurationSec, inputLabel: 'talk.mp4' })
        .catch((error: unknown) => error);

      // Assess
      expect(claimedDurationSec).toBeCloseTo(10, 0);
      expect(failure).toBeInstanceOf(CorruptInputError);
      expect(failure).toMatchObject({
        message: expect.stringMatching(
          /^talk\.mp4 is truncated: its packets end at [45]\.\d+ s of the 10\.\d+ s it claims/,
        ),
        details: { claimedDurationSec, measuredDurationSec: expect.any(Number) },
      });
    });

    it('refuses media past the duration guardrail in a file whose header says 1 s', async () => {
      // Prepare
      const input = await makeLyingMatroska(join(dir, 'lying.mkv'), { trueSec: 60, claimedSec: 1 });

      // Act
      const failure = await runtime
        .scanPackets({ input, claimedDurationSec: 1, guardrails: { maxDurationSec: 30 } })
        .catch((error: unknown) => error);

      // Assess
      expect(failure).toBeInstanceOf(GuardrailExceededError);
      expect(failure).toMatchObject({ details: { guardrail: 'maxDurationSec', limit: 30 } });
    });
  });

  describe('Method: generateTestClip', () => {
    it('makes the deployment check’s sample from lavfi', async () => {
      // Prepare
      const output = join(dir, 'sample.mp4');

      // Act
      await runtime.generateTestClip({
        output,
        durationSec: 1,
        width: 160,
        height: 120,
        fps: 25,
        sampleRateHz: 48_000,
      });

      // Assess
      expect((await ffprobeJson(output)).streams.map(({ codec_name }) => codec_name)).toEqual([
        'h264',
        'aac',
      ]);
      expect(await readdir(dir)).toEqual(['sample.mp4']);
    });
  });
});
