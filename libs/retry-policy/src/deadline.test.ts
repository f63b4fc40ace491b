import { describe, expect, it } from 'vitest';
import { deadlineFromRemainingTime } from './deadline';

describe('Function: deadlineFromRemainingTime', () => {
  it('subtracts the safety margin from the remaining time', () => {
    // Act
    const deadlineAtMs = deadlineFromRemainingTime({
      remainingTimeMs: 30_000,
      safetyMarginMs: 5_000,
      now: 1_000_000,
    });

    // Assess
    expect(deadlineAtMs).toBe(1_025_000);
  });

  it('keeps 3 s back by default', () => {
    expect(deadlineFromRemainingTime({ remainingTimeMs: 10_000, now: 0 })).toBe(7_000);
  });

  it('counts from the current time when now is not given', () => {
    // Prepare
    const beforeMs = Date.now();

    // Act
    const deadlineAtMs = deadlineFromRemainingTime({ remainingTimeMs: 60_000, safetyMarginMs: 0 });

    // Assess
    expect(deadlineAtMs).toBeGreaterThanOrEqual(beforeMs + 60_000);
    expect(deadlineAtMs).toBeLessThanOrEqual(Date.now() + 60_000);
  });

  it('returns a deadline in the past when less time remains than the margin', () => {
    expect(deadlineFromRemainingTime({ remainingTimeMs: 1_000, now: 50_000 })).toBe(48_000);
  });

  it.each([
    { remainingTimeMs: -1 },
    { remainingTimeMs: Number.NaN },
    { remainingTimeMs: 1_000, safetyMarginMs: -5 },
    { remainingTimeMs: 1_000, now: Number.POSITIVE_INFINITY },
  ])('rejects %o', (options) => {
    expect(() => deadlineFromRemainingTime(options)).toThrow(TypeError);
  });
});
