import { join } from 'node:path';
import { assertAbsolutePath, assertPlainName } from './assert-path';
import { STRIP_METADATA_ARGS, readLimitArgs } from './argv-parts';

/** Options of {@link buildAudioSegmentArgs}. */
export interface AudioSegmentOptions {
  /** Absolute path of the source (audio or video). */
  input: string;
  /** Absolute path of an existing directory the segments are written into (and nowhere else). */
  outputDir: string;
  /** Length of each segment but the last. Default 30. */
  segmentDurationSec?: number;
  /** `mp3` (libmp3lame VBR q2) or `wav` (16 kHz mono PCM, for ASR). Default `mp3`. */
  format?: 'mp3' | 'wav';
  /** File names are `<basename>-000.<ext>`, `<basename>-001.<ext>`, … Default `segment`. */
  basename?: string;
  /** Read no more than this many seconds of the input (`-t`), whatever it claims. */
  readLimitSec?: number;
}

/**
 * ffmpeg argv that cuts the first audio stream of `input` into fixed-length files with the segment
 * muxer. Audio is re-encoded, so every packet is a cut point and each segment lasts
 * `segmentDurationSec` to within one audio frame; `-reset_timestamps 1` makes each start at 0.
 * Pure.
 *
 * @example
 * buildAudioSegmentArgs({ input, outputDir: join(dir, 'segments'), readLimitSec: 14_401 });
 * // writes segments/segment-000.mp3, segments/segment-001.mp3, …
 */
export function buildAudioSegmentArgs({
  input,
  outputDir,
  segmentDurationSec = 30,
  format = 'mp3',
  basename = 'segment',
  readLimitSec,
}: AudioSegmentOptions): string[] {
  assertAbsolutePath(input, 'input');
  assertAbsolutePath(outputDir, 'outputDir');
  assertPlainName(basename, 'basename');
  if (!Number.isFinite(segmentDurationSec) || segmentDurationSec <= 0) {
    throw new TypeError(`segmentDurationSec must be a positive number, got ${segmentDurationSec}`);
  }
  const codec =
    format === 'mp3'
      ? ['-c:a', 'libmp3lame', '-q:a', '2']
      : ['-ac', '1', '-ar', '16000', '-c:a', 'pcm_s16le'];
  return [
    readLimitArgs(readLimitSec),
    ['-i', input],
    ['-map', '0:a:0', '-vn', '-sn', '-dn'],
    STRIP_METADATA_ARGS,
    codec,
    ['-f', 'segment', '-segment_format', format],
    ['-segment_time', String(segmentDurationSec), '-reset_timestamps', '1'],
    ['-y', join(outputDir, `${basename}-%03d.${format}`)],
  ].flat();
}
