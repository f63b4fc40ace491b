import { describe, expect, it } from 'vitest';
import { createRetryPolicy, defaultRetryPolicy, type RetryPolicy } from './retry-policy';

describe('Function: createRetryPolicy', () => {
  it('returns the defaults when given nothing', () => {
    // Act
    const policy = createRetryPolicy();

    // Assess
    expect(policy).toEqual({ maxAttempts: 3, baseDelayMs: 200, maxDelayMs: 5000, backoffRate: 2 });
    expect(policy).toEqual(defaultRetryPolicy);
  });

  it('overrides only the options it is given', () => {
    // Act
    const policy = createRetryPolicy({
      maxAttempts: 5,
      maxDelayMs: 10_000,
      backoffRate: undefined,
    });

    // Assess
    expect(policy).toEqual({
      maxAttempts: 5,
      baseDelayMs: 200,
      maxDelayMs: 10_000,
      backoffRate: 2,
    });
  });

  it('returns a policy that later changes to the options object cannot reach', () => {
    // Prepare
    const options: Partial<RetryPolicy> = { maxAttempts: 4 };

    // Act
    const policy = createRetryPolicy(options);
    options.maxAttempts = 0;

    // Assess
    expect(policy.maxAttempts).toBe(4);
  });

  it.each<[Partial<RetryPolicy>, keyof RetryPolicy]>([
    [{ maxAttempts: 0 }, 'maxAttempts'],
    [{ maxAttempts: 2.5 }, 'maxAttempts'],
    [{ maxAttempts: Number.NaN }, 'maxAttempts'],
    [{ baseDelayMs: -1 }, 'baseDelayMs'],
    [{ baseDelayMs: Number.POSITIVE_INFINITY }, 'baseDelayMs'],
    [{ baseDelayMs: 1000, maxDelayMs: 999 }, 'maxDelayMs'],
    [{ backoffRate: 0.5 }, 'backoffRate'],
  ])('rejects %o with a TypeError naming %s', (options, option) => {
    // Act
    const create = () => createRetryPolicy(options);

    // Assess
    expect(create).toThrow(TypeError);
    expect(create).toThrow(new RegExp(`^Retry policy option ${option} must be`));
    try {
      create();
    } catch (error) {
      expect((error as TypeError).cause).toEqual({ option, value: options[option] });
    }
  });

  it('rejects an option it does not know, so a typo cannot fall back to a default', () => {
    // Act
    const create = () => createRetryPolicy({ maxAttempt: 5 } as Partial<RetryPolicy>);

    // Assess
    expect(create).toThrow(new TypeError('Unknown retry policy option maxAttempt'));
  });

  it('rejects options that are not an object', () => {
    expect(() => createRetryPolicy(null as unknown as Partial<RetryPolicy>)).toThrow(
      'Retry policy options must be an object',
    );
  });
});
