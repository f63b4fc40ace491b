import { describe, expect, it } from 'vitest';
import { computeBackoffMs } from './compute-backoff';
import { createRetryPolicy } from './retry-policy';

const policy = createRetryPolicy({
  maxAttempts: 10,
  baseDelayMs: 200,
  maxDelayMs: 5000,
  backoffRate: 2,
});

describe('Function: computeBackoffMs', () => {
  it('grows the ceiling by backoffRate with each attempt', () => {
    // Prepare
    const random = () => 0.5;

    // Act
    const delays = [1, 2, 3, 4].map((attempt) => computeBackoffMs({ policy, attempt, random }));

    // Assess
    expect(delays).toEqual([100, 200, 400, 800]);
  });

  it('caps the delay at maxDelayMs', () => {
    // Prepare
    const random = () => 1;

    // Act
    const delays = [5, 6, 20, 5000].map((attempt) => computeBackoffMs({ policy, attempt, random }));

    // Assess
    expect(delays).toEqual([3200, 5000, 5000, 5000]);
  });

  it('draws full jitter between 0 and the ceiling', () => {
    // Prepare
    const randoms = [0, 0.25, 0.5, 0.999_999];

    // Act
    const delays = randoms.map((value) =>
      computeBackoffMs({ policy, attempt: 3, random: () => value }),
    );

    // Assess
    expect(delays).toEqual([0, 200, 400, 799]);
  });

  it('keeps the delay within range when the random source misbehaves', () => {
    expect(computeBackoffMs({ policy, attempt: 1, random: () => 7 })).toBe(200);
    expect(computeBackoffMs({ policy, attempt: 1, random: () => -3 })).toBe(0);
  });

  it('uses Math.random by default and stays below the ceiling', () => {
    // Act
    const delays = Array.from({ length: 200 }, () => computeBackoffMs({ policy, attempt: 2 }));

    // Assess
    for (const delayMs of delays) {
      expect(delayMs).toBeGreaterThanOrEqual(0);
      expect(delayMs).toBeLessThan(400);
      expect(Number.isInteger(delayMs)).toBe(true);
    }
    expect(new Set(delays).size).toBeGreaterThan(1);
  });

  it.each([0, -1, 1.5, Number.NaN])('rejects attempt %s', (attempt) => {
    expect(() => computeBackoffMs({ policy, attempt })).toThrow(TypeError);
  });
});
