import { readLimitArgs } from './argv-parts';
import { assertAbsolutePath } from './assert-path';

/**
 * ffmpeg argv that decodes the first audio stream through `ebur128` (EBU R128 / ITU-R BS.1770:
 * integrated loudness, loudness range, and with `peak=true` the true peak, 4× oversampled) and
 * writes nothing: the summary goes to stderr at the end (see `parseEbur128Summary`). The 10-a-second
 * frame lines are logged at `verbose`, below the runner's level, so stderr holds the summary only.
 * Pure.
 *
 * @example
 * buildEbur128Args({ input: '/job/audio.m4a', readLimitSec: 14_401 });
 * // → ['-t', '14401.000000', '-i', '/job/audio.m4a', '-map', '0:a:0', '-vn', '-sn', '-dn',
 * //    '-af', 'ebur128=peak=true:framelog=verbose', '-f', 'null', '-']
 */
export function buildEbur128Args({
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
    ['-map', '0:a:0', '-vn', '-sn', '-dn'],
    ['-af', 'ebur128=peak=true:framelog=verbose'],
    ['-f', 'null', '-'],
  ].flat();
}
