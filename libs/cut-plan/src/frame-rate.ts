import * as z from 'zod';

/**
 * Frames per second as a fraction, so NTSC rates are exact: `{ numerator: 25, denominator: 1 }`,
 * `{ numerator: 30000, denominator: 1001 }` (29.97).
 */
export const frameRateSchema = z
  .object({
    numerator: z.number().int().min(1).max(1_000_000),
    denominator: z.number().int().min(1).max(1_000_000),
  })
  .refine(({ numerator, denominator }) => numerator / denominator >= 1, {
    message: 'The frame rate must be 1 to 240 frames per second',
  })
  .refine(({ numerator, denominator }) => numerator / denominator <= 240, {
    message: 'The frame rate must be 1 to 240 frames per second',
  })
  .meta({ description: 'Frames per second as numerator/denominator, e.g. 25/1 or 30000/1001' });

export type FrameRate = z.infer<typeof frameRateSchema>;

/** 25 fps: the plan's frame rate when the source has no video to take one from. */
export const DEFAULT_FRAME_RATE: FrameRate = { numerator: 25, denominator: 1 };

const NTSC_NOMINAL_RATES = [24, 30, 48, 60, 120];

/**
 * The exact frame rate for a measured one (ffprobe's `avg_frame_rate` as a number): NTSC rates
 * (23.976, 29.97, 59.94, …) become n×1000/1001, rates within 0.01 of an integer that integer,
 * anything else is kept to 1/1000 fps. Outside 1–240 fps (or not a number), {@link DEFAULT_FRAME_RATE}.
 *
 * @example
 * frameRateFromFps(29.97002997); // → { numerator: 30000, denominator: 1001 }
 */
export function frameRateFromFps(fps: number | undefined): FrameRate {
  if (fps === undefined || !Number.isFinite(fps) || fps < 1 || fps > 240) return DEFAULT_FRAME_RATE;
  const ntsc = NTSC_NOMINAL_RATES.find(
    (nominal) => Math.abs(fps - (nominal * 1000) / 1001) < 0.005,
  );
  if (ntsc !== undefined) return { numerator: ntsc * 1000, denominator: 1001 };
  if (Math.abs(fps - Math.round(fps)) < 0.01) return { numerator: Math.round(fps), denominator: 1 };
  return reduce(Math.round(fps * 1000), 1000);
}

/** Nearest frame number (from 0) for a time in milliseconds. */
export function msToFrames(ms: number, { numerator, denominator }: FrameRate): number {
  return Math.round((ms * numerator) / (denominator * 1000));
}

/** The time of a frame number, in (fractional) milliseconds. */
export function framesToMs(frames: number, { numerator, denominator }: FrameRate): number {
  return (frames * denominator * 1000) / numerator;
}

/**
 * A frame count as FCPXML's rational time: `0s`, `3s`, `1001/30000s` style, reduced.
 *
 * @example
 * rationalSeconds(3, { numerator: 30000, denominator: 1001 }); // → '1001/10000s'
 */
export function rationalSeconds(frames: number, { numerator, denominator }: FrameRate): string {
  const { numerator: top, denominator: bottom } = reduce(frames * denominator, numerator);
  return bottom === 1 ? `${top}s` : `${top}/${bottom}s`;
}

function reduce(numerator: number, denominator: number): FrameRate {
  const divisor = gcd(Math.abs(numerator), denominator) || 1;
  return { numerator: numerator / divisor, denominator: denominator / divisor };
}

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}
