import { assertAbsolutePath } from './assert-path';
import { STRIP_METADATA_ARGS } from './argv-parts';

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
}

/**
 * ffmpeg argv for the first audio stream of `input` → mono 16-bit PCM WAV at 16 kHz, the input
 * speech recognisers expect. Multichannel sources are downmixed. With `startSec`/`durationSec`
 * only that range is converted (input seeking: sample-accurate on PCM WAV), e.g. one chunk of a
 * long recording. Pure.
 *
 * @example
 * await runtime.run({ operation: 'extract-audio-wav', args: buildAsrWavArgs({ input, output }) });
 * buildAsrWavArgs({ input: wav, output: chunk, startSec: 118.25, durationSec: 96.5 });
 */
export function buildAsrWavArgs({
  input,
  output,
  sampleRateHz = 16_000,
  startSec,
  durationSec,
}: AsrWavOptions): string[] {
  assertAbsolutePath(input, 'input');
  assertAbsolutePath(output, 'output');
  if (!Number.isInteger(sampleRateHz) || sampleRateHz < 8000 || sampleRateHz > 192_000) {
    throw new TypeError(`sampleRateHz must be an integer 8000–192000, got ${sampleRateHz}`);
  }
  if (startSec !== undefined && (!Number.isFinite(startSec) || startSec < 0)) {
    throw new TypeError(`startSec must be a finite number ≥ 0, got ${startSec}`);
  }
  if (durationSec !== undefined && (!Number.isFinite(durationSec) || durationSec <= 0)) {
    throw new TypeError(`durationSec must be a finite number > 0, got ${durationSec}`);
  }
  return [
    startSec === undefined ? [] : ['-ss', seconds(startSec)],
    durationSec === undefined ? [] : ['-t', seconds(durationSec)],
    ['-i', input],
    ['-map', '0:a:0', '-vn', '-sn', '-dn'],
    STRIP_METADATA_ARGS,
    ['-ac', '1', '-ar', String(sampleRateHz), '-c:a', 'pcm_s16le'],
    ['-f', 'wav', '-y', output],
  ].flat();
}

/** Seconds as ffmpeg reads them, to the microsecond, never in exponent notation. */
function seconds(value: number): string {
  return value.toFixed(6);
}
