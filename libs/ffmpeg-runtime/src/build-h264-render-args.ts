import { assertAbsolutePath } from './assert-path';
import { STRIP_METADATA_ARGS, kbps, outputLimitArgs, readLimitArgs } from './argv-parts';

/** Options of {@link buildH264RenderArgs}. Give `width`, `height` or both. */
export interface H264RenderOptions {
  /** Absolute path of the source video. */
  input: string;
  /** Absolute path of the MP4 to write; overwritten if it exists. */
  output: string;
  /** Target width (even); alone, the height follows the aspect ratio. */
  width?: number;
  /** Target height (even); alone, the width follows the aspect ratio. Both: fit inside the box. */
  height?: number;
  /** x264 constant rate factor, 0–51. Default 23. */
  crf?: number;
  /** x264 preset. Default `veryfast` (Lambda CPU is the cost). */
  preset?: 'ultrafast' | 'superfast' | 'veryfast' | 'faster' | 'fast' | 'medium' | 'slow';
  /** AAC bitrate. Default 128. */
  audioBitrateKbps?: number;
  /** Read no more than this many seconds of the input (`-t`), whatever it claims. */
  readLimitSec?: number;
  /** Stop writing the MP4 at this size (`-fs`). */
  maxOutputBytes?: number;
}

/**
 * ffmpeg argv for a scaled H.264/AAC MP4: libx264 in yuv420p (plays everywhere), the aspect ratio
 * kept with even dimensions (`-2`, or `force_divisible_by=2` when fitting a box), the first audio
 * stream (if any) in AAC, and `-movflags +faststart` so playback starts before the download ends.
 * Pure.
 *
 * @example
 * buildH264RenderArgs({ input, output: join(dir, '720p.mp4'), height: 720, readLimitSec: 14_401 });
 */
export function buildH264RenderArgs({
  input,
  output,
  width,
  height,
  crf = 23,
  preset = 'veryfast',
  audioBitrateKbps = 128,
  readLimitSec,
  maxOutputBytes,
}: H264RenderOptions): string[] {
  assertAbsolutePath(input, 'input');
  assertAbsolutePath(output, 'output');
  if (!Number.isInteger(crf) || crf < 0 || crf > 51) {
    throw new TypeError(`crf must be an integer 0–51, got ${crf}`);
  }
  return [
    readLimitArgs(readLimitSec),
    ['-i', input],
    ['-map', '0:v:0', '-map', '0:a:0?', '-sn', '-dn'],
    STRIP_METADATA_ARGS,
    ['-vf', scaleFilter(width, height)],
    ['-c:v', 'libx264', '-preset', preset, '-crf', String(crf), '-pix_fmt', 'yuv420p'],
    ['-c:a', 'aac', '-b:a', kbps(audioBitrateKbps, 'audioBitrateKbps')],
    outputLimitArgs(maxOutputBytes),
    ['-movflags', '+faststart', '-f', 'mp4', '-y', output],
  ].flat();
}

function scaleFilter(width: number | undefined, height: number | undefined): string {
  for (const [role, value] of [
    ['width', width],
    ['height', height],
  ] as const) {
    if (
      value !== undefined &&
      (!Number.isInteger(value) || value % 2 !== 0 || value < 2 || value > 8192)
    ) {
      throw new TypeError(`${role} must be an even integer 2–8192 (yuv420p), got ${value}`);
    }
  }
  if (width !== undefined && height !== undefined) {
    return `scale=w=${width}:h=${height}:force_original_aspect_ratio=decrease:force_divisible_by=2`;
  }
  if (width !== undefined) return `scale=${width}:-2`;
  if (height !== undefined) return `scale=-2:${height}`;
  throw new TypeError('Give width, height or both');
}
