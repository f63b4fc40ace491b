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
}

/**
 * ffmpeg argv for the first audio stream of `input` → mono 16-bit PCM WAV at 16 kHz, the input
 * speech recognisers expect. Multichannel sources are downmixed. Pure.
 *
 * @example
 * await runtime.run({ operation: 'extract-audio-wav', args: buildAsrWavArgs({ input, output }) });
 */
export function buildAsrWavArgs({ input, output, sampleRateHz = 16_000 }: AsrWavOptions): string[] {
  assertAbsolutePath(input, 'input');
  assertAbsolutePath(output, 'output');
  if (!Number.isInteger(sampleRateHz) || sampleRateHz < 8000 || sampleRateHz > 192_000) {
    throw new TypeError(`sampleRateHz must be an integer 8000–192000, got ${sampleRateHz}`);
  }
  return [
    ['-i', input],
    ['-map', '0:a:0', '-vn', '-sn', '-dn'],
    STRIP_METADATA_ARGS,
    ['-ac', '1', '-ar', String(sampleRateHz), '-c:a', 'pcm_s16le'],
    ['-f', 'wav', '-y', output],
  ].flat();
}
