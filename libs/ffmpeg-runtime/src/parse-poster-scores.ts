import { InternalError } from '@reel/error-taxonomy';

/** One candidate frame of the poster as the scoring pass measured it. */
export interface PosterCandidate {
  /** The frame's time in the source (seconds). */
  timeSec: number;
  /** Index of the window (candidate time) it was picked from. */
  windowIndex: number;
  /** Mean luma, 8-bit (limited-range black is 16, white 235). */
  meanLuma: number;
  /** Normalised entropy of the luma histogram, 0 (one flat tone) … 1: how much the frame shows. */
  detail: number;
}

/**
 * At or below this mean luma a frame counts as black: `blackframe`'s own pixel threshold (32),
 * applied to the mean — limited-range black is 16 and a dark but real scene stays well above.
 */
export const BLACK_MEAN_LUMA = 32;

const FRAME_LINE = /\] frame:(\d+)\s+pts:\S+\s+pts_time:(\S+)/;
const MEAN_LUMA_LINE = /\] lavfi\.signalstats\.YAVG=(\S+)/;
const DETAIL_LINE = /\] lavfi\.entropy\.normalized_entropy\.normal\.Y=(\S+)/;
const WINDOW_LINE = /\] reel\.window=(\d+)/;

/**
 * The candidates `buildPosterScoreArgs` printed to stderr (`metadata=print` lines), in order. A
 * report with no complete candidate is an InternalError: reel asked for it. Pure.
 *
 * @example
 * parsePosterScores(stderrTail); // → [{ timeSec: 2.52, windowIndex: 0, meanLuma: 131.4, detail: 0.686 }, …]
 */
export function parsePosterScores(stderr: string): PosterCandidate[] {
  const byFrame = new Map<number, Partial<PosterCandidate>>();
  let frame: Partial<PosterCandidate> | undefined;
  for (const line of stderr.split('\n')) {
    const header = FRAME_LINE.exec(line);
    if (header !== null) {
      const index = Number(header[1]);
      frame = byFrame.get(index) ?? {};
      frame.timeSec = Number(header[2]);
      byFrame.set(index, frame);
      continue;
    }
    const meanLuma = MEAN_LUMA_LINE.exec(line)?.[1];
    if (meanLuma !== undefined && frame !== undefined) frame.meanLuma = Number(meanLuma);
    const detail = DETAIL_LINE.exec(line)?.[1];
    if (detail !== undefined && frame !== undefined) frame.detail = Number(detail);
    const windowIndex = WINDOW_LINE.exec(line)?.[1];
    if (windowIndex !== undefined && frame !== undefined) frame.windowIndex = Number(windowIndex);
  }
  const candidates = [...byFrame.values()].filter(
    (candidate): candidate is PosterCandidate =>
      Number.isFinite(candidate.timeSec) &&
      Number.isFinite(candidate.meanLuma) &&
      Number.isFinite(candidate.detail) &&
      Number.isInteger(candidate.windowIndex),
  );
  if (candidates.length === 0) {
    throw new InternalError('ffmpeg printed no poster scores', {
      details: { stderrTail: stderr.slice(-2000) },
    });
  }
  return candidates;
}

/**
 * The poster frame: of the candidates that are not black, the one showing the most (highest luma
 * entropy: a scene, not a flat title card or a fade); when every one is black, the brightest.
 * Pure.
 *
 * @example
 * choosePosterFrame([{ timeSec: 1, windowIndex: 0, meanLuma: 16, detail: 0 },
 *   { timeSec: 5, windowIndex: 1, meanLuma: 120, detail: 0.7 }]); // → the second
 */
export function choosePosterFrame(candidates: readonly PosterCandidate[]): PosterCandidate {
  const lit = candidates.filter(({ meanLuma }) => meanLuma > BLACK_MEAN_LUMA);
  const pool = lit.length > 0 ? lit : candidates;
  const score =
    lit.length > 0 ? (c: PosterCandidate) => c.detail : (c: PosterCandidate) => c.meanLuma;
  const best = pool.reduce<PosterCandidate | undefined>(
    (chosen, candidate) =>
      chosen === undefined || score(candidate) > score(chosen) ? candidate : chosen,
    undefined,
  );
  if (best === undefined) throw new TypeError('choosePosterFrame needs at least one candidate');
  return best;
}
