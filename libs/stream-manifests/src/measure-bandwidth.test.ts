import { InvalidRequestError } from '@reel/error-taxonomy';
import { describe, expect, it } from 'vitest';
import { measureBandwidth } from './measure-bandwidth';

describe('Function: measureBandwidth', () => {
  it('gives all bytes over all seconds as the average', () => {
    // Act
    const { averageBps } = measureBandwidth([
      { durationSec: 4, bytes: 1_000_000 },
      { durationSec: 4, bytes: 500_000 },
      { durationSec: 2, bytes: 250_000 },
    ]);

    // Assess
    expect(averageBps).toBe(1_400_000);
  });

  it('takes the peak over runs of 0.5–1.5 target durations, ignoring a short heavy tail', () => {
    // Prepare: the 0.5 s tail alone would be 4 Mbit/s, but it is shorter than half the target.
    const segments = [
      { durationSec: 4, bytes: 1_000_000 },
      { durationSec: 4, bytes: 1_500_000 },
      { durationSec: 0.5, bytes: 250_000 },
    ];

    // Act
    const { peakBps } = measureBandwidth(segments);

    // Assess: the best qualifying run is segment 2 + tail: 1.75 MB over 4.5 s.
    expect(peakBps).toBe(Math.ceil((1_750_000 * 8) / 4.5));
  });

  it('uses a given target duration to size the runs', () => {
    // Prepare
    const segments = [
      { durationSec: 1, bytes: 400_000 },
      { durationSec: 1, bytes: 100_000 },
    ];

    // Act: by default (target 1 s) one segment is a run; with a 4 s target only both together are.
    const byDefault = measureBandwidth(segments);
    const withTarget = measureBandwidth(segments, { targetDurationSec: 4 });

    // Assess
    expect(byDefault.peakBps).toBe(3_200_000);
    expect(withTarget.peakBps).toBe(2_000_000);
  });

  it('falls back to the average for a programme shorter than half a target duration', () => {
    // Act
    const result = measureBandwidth([{ durationSec: 0.4, bytes: 10_000 }], {
      targetDurationSec: 4,
    });

    // Assess
    expect(result).toEqual({ peakBps: 200_000, averageBps: 200_000 });
  });

  it.each([
    ['no segments', []],
    ['a zero-length segment', [{ durationSec: 0, bytes: 10 }]],
    ['a fractional byte count', [{ durationSec: 1, bytes: 1.5 }]],
  ])('rejects %s', (_, segments) => {
    // Act + Assess
    expect(() => measureBandwidth(segments)).toThrow(InvalidRequestError);
  });
});
