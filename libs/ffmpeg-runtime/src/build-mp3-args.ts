import { assertAbsolutePath } from './assert-path';
import { STRIP_METADATA_ARGS, kbps, outputLimitArgs, readLimitArgs } from './argv-parts';

/** Options of {@link buildMp3Args}. */
export interface Mp3Options {
  /** Absolute path of the source (audio or video). */
  input: string;
  /** Absolute path of the MP3 to write; overwritten if it exists. */
  output: string;
  /** Constant bitrate instead of VBR, e.g. 128 for predictable sizes. */
  bitrateKbps?: number;
  /** LAME VBR quality 0 (best) – 9 when no bitrate is given. Default 2 (~170–210 kbit/s). */
  vbrQuality?: number;
  /** Read no more than this many seconds of the input (`-t`), whatever it claims. */
  readLimitSec?: number;
  /** Stop writing the MP3 at this size (`-fs`). */
  maxOutputBytes?: number;
}

/**
 * ffmpeg argv for the first audio stream of `input` → MP3 with libmp3lame. Default VBR `-q:a 2`:
 * transparent for music, smaller than 192k CBR for speech and silence, and the same quality
 * whatever the source; pass `bitrateKbps` when sizes must be predictable. Video, subtitles, data,
 * metadata and chapters are dropped. Pure.
 *
 * @example
 * buildMp3Args({ input: '/tmp/job/input.mp4', output: '/tmp/job/audio.mp3', readLimitSec: 14_401 });
 */
export function buildMp3Args({
  input,
  output,
  bitrateKbps,
  vbrQuality = 2,
  readLimitSec,
  maxOutputBytes,
}: Mp3Options): string[] {
  assertAbsolutePath(input, 'input');
  assertAbsolutePath(output, 'output');
  if (!Number.isInteger(vbrQuality) || vbrQuality < 0 || vbrQuality > 9) {
    throw new TypeError(`vbrQuality must be an integer 0–9, got ${vbrQuality}`);
  }
  const rate =
    bitrateKbps === undefined
      ? ['-q:a', String(vbrQuality)]
      : ['-b:a', kbps(bitrateKbps, 'bitrateKbps')];
  return [
    readLimitArgs(readLimitSec),
    ['-i', input],
    ['-map', '0:a:0', '-vn', '-sn', '-dn'],
    STRIP_METADATA_ARGS,
    ['-c:a', 'libmp3lame', ...rate],
    outputLimitArgs(maxOutputBytes),
    ['-f', 'mp3', '-y', output],
  ].flat();
}
