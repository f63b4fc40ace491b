import { InvalidRequestError } from '@reel/error-taxonomy';

/**
 * A frame rate as the DASH `FrameRateType` fraction: `30`, `25`, `30000/1001` for 29.97,
 * `24000/1001` for 23.976 — the NTSC rates are exact fractions, never rounded decimals.
 */
export function frameRateFraction(frameRate: number): string {
  if (!Number.isFinite(frameRate) || frameRate <= 0) {
    throw new InvalidRequestError('A frame rate must be a positive number', {
      details: { frameRate },
    });
  }
  if (Math.abs(frameRate - Math.round(frameRate)) < 0.0005) return String(Math.round(frameRate));
  const ntscNumerator = Math.round((frameRate * 1001) / 1000) * 1000;
  if (Math.abs(ntscNumerator / 1001 - frameRate) < 0.0005) return `${ntscNumerator}/1001`;
  const numerator = Math.round(frameRate * 1000);
  const divisor = greatestCommonDivisor(numerator, 1000);
  return `${numerator / divisor}/${1000 / divisor}`;
}

function greatestCommonDivisor(a: number, b: number): number {
  return b === 0 ? a : greatestCommonDivisor(b, a % b);
}
