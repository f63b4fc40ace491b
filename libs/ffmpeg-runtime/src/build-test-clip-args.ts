import { assertAbsolutePath } from './assert-path';

/** Options of {@link buildTestClipArgs}. */
export interface TestClipOptions {
  /** Absolute path of the MP4 to write; overwritten if it exists. */
  output: string;
  durationSec: number;
  width: number;
  height: number;
  fps: number;
  sampleRateHz: number;
}

/**
 * ffmpeg argv for a known clip made by this ffmpeg from its own lavfi sources (`testsrc2` and a
 * 440 Hz mono `sine`, H.264 ultrafast + AAC, faststart): the sample a deployment check processes.
 * Pure.
 *
 * @example
 * buildTestClipArgs({ output: '/tmp/v/sample.mp4', durationSec: 2, width: 320, height: 240, fps: 25, sampleRateHz: 48_000 });
 */
export function buildTestClipArgs({
  output,
  durationSec,
  width,
  height,
  fps,
  sampleRateHz,
}: TestClipOptions): string[] {
  assertAbsolutePath(output, 'output');
  for (const [role, value] of Object.entries({ durationSec, width, height, fps, sampleRateHz })) {
    if (!Number.isFinite(value) || value <= 0) {
      throw new TypeError(`${role} must be a positive number, got ${value}`);
    }
  }
  return [
    ['-f', 'lavfi', '-i', `testsrc2=size=${width}x${height}:rate=${fps}:duration=${durationSec}`],
    ['-f', 'lavfi', '-i', `sine=frequency=440:sample_rate=${sampleRateHz}:duration=${durationSec}`],
    ['-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p'],
    ['-c:a', 'aac', '-ac', '1'],
    ['-movflags', '+faststart', '-f', 'mp4', '-y', output],
  ].flat();
}
