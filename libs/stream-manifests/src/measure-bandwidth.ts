import { InvalidRequestError } from '@reel/error-taxonomy';

export interface MeasuredSegment {
  durationSec: number;
  bytes: number;
}

export interface MeasureBandwidthOptions {
  /**
   * The playlist's target duration; defaults to the longest segment rounded to the nearest
   * second, which is what `#EXT-X-TARGETDURATION` must be at least (RFC 8216 §4.3.3.1).
   */
  targetDurationSec?: number;
}

export interface MeasuredBandwidth {
  /** RFC 8216 peak segment bit rate (BANDWIDTH), rounded up. */
  peakBps: number;
  /** RFC 8216 average segment bit rate (AVERAGE-BANDWIDTH), rounded up. */
  averageBps: number;
}

/**
 * The bit rates an HLS master declares for a rendition, measured from its segments (RFC 8216
 * §4.1): the average is all bytes over all seconds; the peak is the highest rate of any run of
 * contiguous segments lasting 0.5–1.5 × the target duration — so a short tail segment alone
 * (a few keyframe-heavy bytes over a fraction of a second) does not inflate it.
 *
 * @example
 * measureBandwidth([{ durationSec: 4, bytes: 1_000_000 }, { durationSec: 4, bytes: 500_000 }]);
 * // { peakBps: 2_000_000, averageBps: 1_500_000 }
 */
export function measureBandwidth(
  segments: readonly MeasuredSegment[],
  { targetDurationSec }: MeasureBandwidthOptions = {},
): MeasuredBandwidth {
  const invalid = segments.findIndex(
    ({ durationSec, bytes }) =>
      !Number.isFinite(durationSec) ||
      durationSec <= 0 ||
      !Number.isSafeInteger(bytes) ||
      bytes < 0,
  );
  if (segments.length === 0 || invalid !== -1) {
    throw new InvalidRequestError(
      'Bandwidth is measured over at least one segment with a positive duration and a byte count',
      { details: { segmentCount: segments.length, invalidIndex: invalid } },
    );
  }
  const target =
    targetDurationSec ?? Math.max(...segments.map(({ durationSec }) => Math.round(durationSec)));
  const totalBytes = segments.reduce((sum, { bytes }) => sum + bytes, 0);
  const totalSec = segments.reduce((sum, { durationSec }) => sum + durationSec, 0);
  const averageBps = (totalBytes * 8) / totalSec;

  let peakBps = 0;
  segments.forEach((_, first) => {
    let runBytes = 0;
    let runSec = 0;
    for (const { durationSec, bytes } of segments.slice(first)) {
      runBytes += bytes;
      runSec += durationSec;
      if (runSec > 1.5 * target) break;
      if (runSec >= 0.5 * target) peakBps = Math.max(peakBps, (runBytes * 8) / runSec);
    }
  });
  // A programme shorter than half a target duration has no qualifying run: its rate is the peak.
  return {
    peakBps: roundUp(peakBps === 0 ? averageBps : peakBps),
    averageBps: roundUp(averageBps),
  };
}

/** Up to the next whole bit per second, ignoring floating-point dust (8e6/4 must stay 2_000_000). */
function roundUp(bitsPerSecond: number): number {
  return Math.ceil(bitsPerSecond - 1e-6);
}
