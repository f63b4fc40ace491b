import { assertAbsolutePath } from './assert-path';
import { STRIP_METADATA_ARGS, outputLimitArgs, seconds } from './argv-parts';

/** Options of {@link buildAsrWavArgs}. */
export interface AsrWavOptions {
  /** Absolute path of the source (audio or video). */
  input: string;
  /** Absolute path of the WAV to write; overwritten if it exists. */
  output: string;
  /** Default 16000, what pocketsphinx and most ASR models expect. */
  sampleRateHz?: number;
  /** Start of the range to convert (seconds into `input`); default the beginning. */
  startSec?: number;
  /** Length of the range to convert; default to the end of `input`. */
  durationSec?: number;
  /** Read no more than this many seconds of the input (`-t`), whatever it claims. */
  readLimitSec?: number;
  /** Stop writing the WAV at this size (`-fs`). */
  maxOutputBytes?: number;
}

/**
 * ffmpeg argv for the first audio stream of `input` → mono 16-bit PCM WAV at 16 kHz, the input
 * speech recognisers expect. Multichannel sources are downmixed. With `startSec`/`durationSec`
 * only that range is converted (input seeking: sample-accurate on PCM WAV), e.g. one chunk of a
 * long recording. Pure.
 *
 * @example
 * buildAsrWavArgs({ input: '/tmp/job/input.mp4', output: '/tmp/job/audio-16k.wav', readLimitSec: 14_401 });
 * buildAsrWavArgs({ input: wav, output: chunk, startSec: 118.25, durationSec: 96.5 });
 */
export function buildAsrWavArgs({
  input,
  output,
  sampleRateHz = 16_000,
  startSec,
  durationSec,
  readLimitSec,
  maxOutputBytes,
}: AsrWavOptions): string[] {
  assertAbsolutePath(input, 'input');
  assertAbsolutePath(output, 'output');
  if (!Number.isInteger(sampleRateHz) || sampleRateHz < 8000 || sampleRateHz > 192_000) {
    throw new TypeError(`sampleRateHz must be an integer 8000–192000, got ${sampleRateHz}`);
  }
  if (startSec !== undefined && (!Number.isFinite(startSec) || startSec < 0)) {
    throw new TypeError(`startSec must be a finite number ≥ 0, got ${startSec}`);
  }
  for (const [role, value] of [
    ['durationSec', durationSec],
    ['readLimitSec', readLimitSec],
  ] as const) {
    if (value !== undefined && (!Number.isFinite(value) || value <= 0)) {
      throw new TypeError(`${role} must be a finite number > 0, got ${value}`);
    }
  }
  const lengths = [durationSec, readLimitSec].filter((value) => value !== undefined);
  return [
    startSec === undefined ? [] : ['-ss', seconds(startSec)],
    lengths.length === 0 ? [] : ['-t', seconds(Math.min(...lengths))],
    ['-i', input],
    ['-map', '0:a:0', '-vn', '-sn', '-dn'],
    STRIP_METADATA_ARGS,
    ['-ac', '1', '-ar', String(sampleRateHz), '-c:a', 'pcm_s16le'],
    outputLimitArgs(maxOutputBytes),
    ['-f', 'wav', '-y', output],
  ].flat();
}
