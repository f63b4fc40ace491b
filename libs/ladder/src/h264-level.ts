/** One row of H.264 Table A-1 (Rec. ITU-T H.264, level limits). */
interface LevelLimits {
  /** `3.1`: what `-level:v` takes and players show. */
  level: string;
  /** level_idc: 31 for 3.1, the last byte of the `avc1` codec string. */
  levelIdc: number;
  /** MaxMBPS: macroblocks per second. */
  maxMacroblocksPerSec: number;
  /** MaxFS: macroblocks per frame. */
  maxFrameMacroblocks: number;
  /** MaxDpbMbs: macroblocks the decoded picture buffer holds. */
  maxDpbMacroblocks: number;
  /** MaxBR for Baseline/Main in kbit/s; High may use 1.25× (cpbBrVclFactor 1250). */
  maxBitrateKbps: number;
}

const LEVELS: readonly LevelLimits[] = [
  ['1', 10, 1485, 99, 396, 64],
  ['1.1', 11, 3000, 396, 900, 192],
  ['1.2', 12, 6000, 396, 2376, 384],
  ['1.3', 13, 11_880, 396, 2376, 768],
  ['2', 20, 11_880, 396, 2376, 2000],
  ['2.1', 21, 19_800, 792, 4752, 4000],
  ['2.2', 22, 20_250, 1620, 8100, 4000],
  ['3', 30, 40_500, 1620, 8100, 10_000],
  ['3.1', 31, 108_000, 3600, 18_000, 14_000],
  ['3.2', 32, 216_000, 5120, 20_480, 20_000],
  ['4', 40, 245_760, 8192, 32_768, 20_000],
  ['4.1', 41, 245_760, 8192, 32_768, 50_000],
  ['4.2', 42, 522_240, 8704, 34_816, 50_000],
  ['5', 50, 589_824, 22_080, 110_400, 135_000],
  ['5.1', 51, 983_040, 36_864, 184_320, 240_000],
  ['5.2', 52, 2_073_600, 36_864, 184_320, 240_000],
].map(
  ([
    level,
    levelIdc,
    maxMacroblocksPerSec,
    maxFrameMacroblocks,
    maxDpbMacroblocks,
    maxBitrateKbps,
  ]) => ({
    level: String(level),
    levelIdc: Number(levelIdc),
    maxMacroblocksPerSec: Number(maxMacroblocksPerSec),
    maxFrameMacroblocks: Number(maxFrameMacroblocks),
    maxDpbMacroblocks: Number(maxDpbMacroblocks),
    maxBitrateKbps: Number(maxBitrateKbps),
  }),
);

/** High profile's bit-rate allowance over Table A-1's MaxBR (Table A-2, cpbBrVclFactor). */
const HIGH_PROFILE_BITRATE_FACTOR = 1.25;
/**
 * Reference frames the level must leave room for: x264's `veryfast` uses 1 reference plus
 * B-pyramid; 4 frames is what the usual 1080p → 4.0, 720p → 3.1, 480p → 3.0 choices give.
 */
const MIN_DPB_FRAMES = 4;

/** The level a rung is encoded at, and its `avc1` codec string for HLS `CODECS` and DASH `codecs`. */
export interface H264Level {
  level: string;
  levelIdc: number;
  /** `avc1.PPCCLL`: High (0x64), no constraint flags, level_idc in hex — `avc1.64001f` for 3.1. */
  codecs: string;
}

/**
 * The lowest H.264 level a High-profile stream of this size, rate and peak bit rate fits:
 * frame size (and each side, ≤ √(8·MaxFS) macroblocks), macroblocks per second, peak bit rate
 * (High: 1.25 × MaxBR) and room for {@link MIN_DPB_FRAMES} reference frames. Throws a RangeError
 * past level 5.2. Pure.
 *
 * @example
 * h264Level({ width: 1280, height: 720, frameRate: 30, maxrateKbps: 4500 });
 * // → { level: '3.1', levelIdc: 31, codecs: 'avc1.64001f' }
 */
export function h264Level({
  width,
  height,
  frameRate,
  maxrateKbps,
}: {
  width: number;
  height: number;
  frameRate: number;
  maxrateKbps: number;
}): H264Level {
  const widthMbs = Math.ceil(width / 16);
  const heightMbs = Math.ceil(height / 16);
  const frameMbs = widthMbs * heightMbs;
  const found = LEVELS.find(
    (limits) =>
      frameMbs <= limits.maxFrameMacroblocks &&
      Math.max(widthMbs, heightMbs) <= Math.sqrt(8 * limits.maxFrameMacroblocks) &&
      frameMbs * frameRate <= limits.maxMacroblocksPerSec &&
      maxrateKbps <= limits.maxBitrateKbps * HIGH_PROFILE_BITRATE_FACTOR &&
      frameMbs * MIN_DPB_FRAMES <= limits.maxDpbMacroblocks,
  );
  if (found === undefined) {
    throw new RangeError(
      `No H.264 level up to 5.2 holds ${width}x${height} at ${frameRate} fps and ${maxrateKbps} kbit/s`,
    );
  }
  return {
    level: found.level,
    levelIdc: found.levelIdc,
    codecs: `avc1.6400${found.levelIdc.toString(16).padStart(2, '0')}`,
  };
}
