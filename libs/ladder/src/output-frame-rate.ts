import { frameRateFromFps, type FrameRate } from '@reel/cut-plan';

/** The highest output rate: players and H.264 levels of the ladder are sized for 60 fps. */
export const MAX_OUTPUT_FPS = 60;

/**
 * The ladder's constant output rate for a source's average rate: exact NTSC fractions
 * (23.976, 29.97, 59.94 → n×1000/1001), whole rates as they are, anything else to 1/1000 fps
 * (a variable-rate phone clip averaging 29.3 fps → 29.3 CFR); above 60 fps (a 120 fps capture,
 * a container claiming 1000 fps) 60, or 59.94 for an NTSC multiple. Unknown → 25. Pure.
 *
 * @example
 * outputFrameRate(29.97002997); // → { numerator: 30000, denominator: 1001 }
 * outputFrameRate(1000); // → { numerator: 60, denominator: 1 }
 */
export function outputFrameRate(sourceFps: number | undefined): FrameRate {
  if (sourceFps !== undefined && Number.isFinite(sourceFps) && sourceFps > MAX_OUTPUT_FPS) {
    const ntscMultiple = (sourceFps * 1001) / 60_000;
    const isNtsc =
      Math.abs(ntscMultiple - Math.round(ntscMultiple)) < 0.001 &&
      Math.abs(sourceFps - Math.round(sourceFps)) > 0.01;
    return isNtsc ? { numerator: 60_000, denominator: 1001 } : { numerator: 60, denominator: 1 };
  }
  return frameRateFromFps(sourceFps);
}
