import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { FfmpegRuntime } from '@reel/ffmpeg-runtime';

export const MEASURE_RATE_HZ = 48_000;

/** The first audio stream of `path` (or a span of it) as mono 48 kHz float samples. */
export async function decodeMonoSamples(
  runtime: FfmpegRuntime,
  path: string,
  scratchDir: string,
  span?: { startSec: number; endSec: number },
): Promise<Float32Array> {
  const rawPath = join(scratchDir, 'samples.f32');
  const trim = span === undefined ? [] : ['-af', `atrim=start=${span.startSec}:end=${span.endSec}`];
  await runtime.runTool({
    tool: 'ffmpeg',
    binaryPath: runtime.ffmpegPath,
    operation: 'test-decode-samples',
    args: [
      '-v',
      'error',
      '-i',
      path,
      '-map',
      '0:a:0',
      ...trim,
      '-ac',
      '1',
      '-ar',
      String(MEASURE_RATE_HZ),
      '-f',
      'f32le',
      '-y',
      rawPath,
    ],
  });
  const bytes = await readFile(rawPath);
  await rm(rawPath);
  return new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4);
}

/** The largest jump between neighbouring samples within `windowSec` of `atSec`: a click is a big one. */
export function maxStepAround(samples: Float32Array, atSec: number, windowSec: number): number {
  const from = Math.max(1, Math.round((atSec - windowSec) * MEASURE_RATE_HZ));
  const to = Math.min(samples.length, Math.round((atSec + windowSec) * MEASURE_RATE_HZ));
  let step = 0;
  for (let index = from; index < to; index += 1) {
    step = Math.max(step, Math.abs((samples[index] ?? 0) - (samples[index - 1] ?? 0)));
  }
  return step;
}

/** The frequency of a steady tone, from its upward zero crossings. */
export function toneFrequencyHz(samples: Float32Array): number {
  const crossings: number[] = [];
  for (let index = 1; index < samples.length; index += 1) {
    if ((samples[index - 1] ?? 0) < 0 && (samples[index] ?? 0) >= 0) crossings.push(index);
  }
  const first = crossings[0] ?? 0;
  const last = crossings.at(-1) ?? 0;
  return crossings.length < 2 ? 0 : ((crossings.length - 1) * MEASURE_RATE_HZ) / (last - first);
}

export function peakAbs(samples: Float32Array): number {
  return samples.reduce((peak, sample) => Math.max(peak, Math.abs(sample)), 0);
}
