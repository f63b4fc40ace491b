import { outputLimitArgs, seconds } from './argv-parts';
import { assertAbsolutePath } from './assert-path';
import {
  JPEG_OUTPUT_ARGS,
  SQUARE_PIXELS_FILTER,
  assertEvenSize,
  fitWithinFilter,
} from './picture-filters';

/** How many points of the video are considered for the poster by default. */
export const DEFAULT_POSTER_CANDIDATES = 8;

/** Seconds read at each candidate point; `thumbnail` picks the most typical frame of them. */
export const POSTER_WINDOW_SEC = 1;

// `thumbnail` buffers this many (small) frames at most: more than a 1 s window of 30 fps holds.
const THUMBNAIL_BATCH_FRAMES = 30;

/**
 * Where the poster's candidates are read: `count` windows spread evenly over the video, the
 * first at half a step from the start (an intro's first black frames are skipped whenever the
 * video is longer than a few steps of them). Pure.
 *
 * @example
 * posterCandidateTimes({ durationSec: 30, count: 8 }); // → [1.875, 5.625, 9.375, …, 28.125]
 */
export function posterCandidateTimes({
  durationSec,
  count,
}: {
  durationSec: number;
  count: number;
}): number[] {
  if (!Number.isFinite(durationSec) || durationSec <= 0) {
    throw new TypeError(`durationSec must be a positive number, got ${durationSec}`);
  }
  if (!Number.isInteger(count) || count < 1 || count > 32) {
    throw new TypeError(`count must be an integer from 1 to 32, got ${count}`);
  }
  const stepSec = durationSec / count;
  return Array.from({ length: count }, (_, index) => Number(((index + 0.5) * stepSec).toFixed(6)));
}

/**
 * The scoring pass: ffmpeg argv that reads `windowSec` at each candidate time (one input each,
 * accurately seeked; timestamps kept as the source's with `-copyts`), lets `thumbnail` pick the
 * most typical frame of each window (at 160×90: the choice needs no detail), measures its mean
 * luma (`signalstats` YAVG, 8-bit) and detail (`entropy` of Y), tags it with its window's index
 * and prints all three per frame to stderr (`metadata=print`, read with `parsePosterScores`).
 * Writes nothing. Pure.
 *
 * @example
 * buildPosterScoreArgs({ input: '/job/in.mp4', candidateTimesSec: [1.875, 5.625] });
 */
export function buildPosterScoreArgs({
  input,
  candidateTimesSec,
  windowSec = POSTER_WINDOW_SEC,
}: {
  input: string;
  candidateTimesSec: readonly number[];
  windowSec?: number;
}): string[] {
  assertAbsolutePath(input, 'input');
  if (candidateTimesSec.length === 0) throw new TypeError('candidateTimesSec must not be empty');
  const inputs = candidateTimesSec.flatMap((timeSec) => [
    '-ss',
    seconds(timeSec),
    '-t',
    seconds(windowSec),
    '-i',
    input,
  ]);
  const branches = candidateTimesSec.map(
    (_, index) =>
      `[${index}:v:0]scale=160:90,setsar=1,format=yuv420p,thumbnail=n=${THUMBNAIL_BATCH_FRAMES},signalstats,entropy,metadata=mode=add:key=reel.window:value=${index}[c${index}]`,
  );
  const labels = candidateTimesSec.map((_, index) => `[c${index}]`).join('');
  const score = [
    `${labels}interleave=nb_inputs=${candidateTimesSec.length}`,
    'metadata=mode=print:key=lavfi.signalstats.YAVG',
    'metadata=mode=print:key=lavfi.entropy.normalized_entropy.normal.Y',
    'metadata=mode=print:key=reel.window[scored]',
  ].join(',');
  return [
    ['-copyts'],
    inputs,
    ['-filter_complex', [...branches, score].join(';')],
    ['-map', '[scored]', '-f', 'null', '-'],
  ].flat();
}

/**
 * The poster: ffmpeg argv that reads the chosen window again, keeps the frame the scoring pass
 * picked (the first at its time: `-copyts` gives the same timestamps), makes its pixels square and
 * fits it in `maxWidth` × `maxHeight` (never enlarged, even sides) and writes one JPEG under `-fs`.
 * Pure.
 *
 * @example
 * buildPosterArgs({ input: '/job/in.mp4', windowStartSec: 1.875, frameTimeSec: 2.52,
 *   output: '/job/poster.jpg', maxWidth: 1280, maxHeight: 1280, maxOutputBytes: 5_000_000 });
 */
export function buildPosterArgs({
  input,
  output,
  windowStartSec,
  frameTimeSec,
  windowSec = POSTER_WINDOW_SEC,
  maxWidth,
  maxHeight,
  maxOutputBytes,
}: {
  input: string;
  output: string;
  windowStartSec: number;
  frameTimeSec: number;
  windowSec?: number;
  maxWidth: number;
  maxHeight: number;
  maxOutputBytes?: number;
}): string[] {
  assertAbsolutePath(input, 'input');
  assertAbsolutePath(output, 'output');
  assertEvenSize(maxWidth, 'maxWidth');
  assertEvenSize(maxHeight, 'maxHeight');
  // Half a millisecond of slack: the time was printed rounded, never that close to a neighbour.
  const pick = `select='gte(t,${seconds(Math.max(0, frameTimeSec - 0.0005))})'`;
  return [
    ['-copyts', '-ss', seconds(windowStartSec), '-t', seconds(windowSec), '-i', input],
    ['-map', '0:v:0', '-an', '-sn', '-dn', '-map_metadata', '-1'],
    ['-vf', [pick, SQUARE_PIXELS_FILTER, fitWithinFilter({ maxWidth, maxHeight })].join(',')],
    ['-frames:v', '1', ...JPEG_OUTPUT_ARGS],
    outputLimitArgs(maxOutputBytes),
    // The mjpeg muxer (one JPEG file) honours -fs; image2 writes files -fs does not see.
    ['-f', 'mjpeg', '-y', output],
  ].flat();
}
