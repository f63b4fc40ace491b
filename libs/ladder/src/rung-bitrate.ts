/**
 * Target video bit rate (kbit/s) of a 16:9 rung at 30 fps, by its short side — about Apple's HLS
 * authoring ladder for H.264 at x264 `veryfast`. Other sizes are interpolated by short side,
 * then scaled by their pixel count against the 16:9 frame of that short side.
 */
export const RUNG_BITRATE_TABLE_KBPS: ReadonlyArray<readonly [shortSide: number, kbps: number]> = [
  [144, 200],
  [240, 400],
  [360, 800],
  [480, 1400],
  [540, 2000],
  [720, 3000],
  [1080, 5000],
  [1440, 9000],
  [2160, 16_000],
];

/** The lowest target: below this x264 spends the stream on blocks. */
export const MIN_RUNG_BITRATE_KBPS = 100;
/** Frame-rate exponent: 60 fps costs 1.5× the bits of 30 fps, 15 fps 0.67×. */
const FRAME_RATE_EXPONENT = 0.585;

function tableKbps(shortSide: number): number {
  const first = RUNG_BITRATE_TABLE_KBPS[0];
  const last = RUNG_BITRATE_TABLE_KBPS.at(-1);
  if (first === undefined || last === undefined) throw new TypeError('empty bitrate table');
  if (shortSide <= first[0]) return (first[1] * shortSide) / first[0];
  if (shortSide >= last[0]) return (last[1] * shortSide) / last[0];
  const upper = RUNG_BITRATE_TABLE_KBPS.findIndex(([side]) => side >= shortSide);
  const [highSide, highKbps] = RUNG_BITRATE_TABLE_KBPS[upper] ?? last;
  const [lowSide, lowKbps] = RUNG_BITRATE_TABLE_KBPS[upper - 1] ?? first;
  return lowKbps + ((highKbps - lowKbps) * (shortSide - lowSide)) / (highSide - lowSide);
}

/**
 * A rung's target bit rate: the table's rate for its short side, scaled by its pixels against
 * the 16:9 frame of that short side and by `(fps / 30) ^ 0.585`, capped at the source picture's
 * own bit rate (re-encoding cannot add detail the source does not have), at least
 * {@link MIN_RUNG_BITRATE_KBPS}, rounded to 10 kbit/s. Pure.
 *
 * @example
 * rungBitrateKbps({ width: 1280, height: 720, frameRate: 30 }); // → 3000
 * rungBitrateKbps({ width: 1280, height: 720, frameRate: 30, sourceBitRateBps: 1_200_000 }); // → 1200
 */
export function rungBitrateKbps({
  width,
  height,
  frameRate,
  sourceBitRateBps,
}: {
  width: number;
  height: number;
  frameRate: number;
  sourceBitRateBps?: number;
}): number {
  const shortSide = Math.min(width, height);
  const widescreenPixels = shortSide * ((shortSide * 16) / 9);
  const byTable =
    tableKbps(shortSide) *
    ((width * height) / widescreenPixels) *
    (frameRate / 30) ** FRAME_RATE_EXPONENT;
  const capped =
    sourceBitRateBps === undefined ? byTable : Math.min(byTable, sourceBitRateBps / 1000);
  return Math.max(MIN_RUNG_BITRATE_KBPS, Math.round(capped / 10) * 10);
}
