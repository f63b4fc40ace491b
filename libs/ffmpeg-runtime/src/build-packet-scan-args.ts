import { readLimitArgs } from './argv-parts';
import { assertAbsolutePath } from './assert-path';

/**
 * ffmpeg argv that reads every audio and video packet of `input` and throws them away (`-c copy -f
 * null`): no decoding, so even hours of media take a second or two, and the progress report says
 * where the packets really end, whatever the container claims. Pure.
 *
 * @example
 * buildPacketScanArgs({ input: '/tmp/job/input.mkv', readLimitSec: 14_401 });
 * // → ['-t', '14401.000000', '-i', '/tmp/job/input.mkv', '-map', '0:v?', '-map', '0:a?',
 * //    '-c', 'copy', '-f', 'null', '-']
 */
export function buildPacketScanArgs({
  input,
  readLimitSec,
}: {
  input: string;
  readLimitSec?: number;
}): string[] {
  assertAbsolutePath(input, 'input');
  return [
    readLimitArgs(readLimitSec),
    ['-i', input],
    ['-map', '0:v?', '-map', '0:a?'],
    ['-c', 'copy', '-f', 'null', '-'],
  ].flat();
}
