/**
 * How often and how far apart to try an operation again. The same policy drives in-process
 * retries ({@link retry}) and the workflow's `Retry` blocks ({@link toStepFunctionsRetry}).
 */
export interface RetryPolicy {
  /** Total attempts including the first one (1 means never retry). */
  maxAttempts: number;
  /** Upper bound of the delay before the first retry; later retries grow by `backoffRate`. */
  baseDelayMs: number;
  /** No delay is ever longer than this, however many retries came before. */
  maxDelayMs: number;
  /** Multiplier applied to the delay bound for each further retry (≥ 1). */
  backoffRate: number;
}

/**
 * Three attempts, delays drawn from 0–200 ms, 0–400 ms, capped at 5 s.
 *
 * @example
 * await retry(() => store.put(manifest), { policy: defaultRetryPolicy })
 */
export const defaultRetryPolicy: RetryPolicy = Object.freeze({
  maxAttempts: 3,
  baseDelayMs: 200,
  maxDelayMs: 5_000,
  backoffRate: 2,
});

const policyOptions = new Set(Object.keys(defaultRetryPolicy));

/**
 * A policy from the defaults and the given overrides, validated once so that a wrong value fails
 * at construction with a `TypeError` naming the option, not later inside a retry loop.
 *
 * @example
 * const policy = createRetryPolicy({ maxAttempts: 5, maxDelayMs: 10_000 })
 */
export function createRetryPolicy(options: Partial<RetryPolicy> = {}): RetryPolicy {
  if (typeof options !== 'object' || options === null) {
    throw new TypeError('Retry policy options must be an object', { cause: { options } });
  }
  const unknownOption = Object.keys(options).find((option) => !policyOptions.has(option));
  if (unknownOption !== undefined) {
    throw new TypeError(`Unknown retry policy option ${unknownOption}`, {
      cause: { option: unknownOption },
    });
  }
  const definedOptions = Object.fromEntries(
    Object.entries(options).filter(([, value]) => value !== undefined),
  );
  const policy: RetryPolicy = { ...defaultRetryPolicy, ...definedOptions };
  assertValidPolicy(policy);
  return {
    maxAttempts: policy.maxAttempts,
    baseDelayMs: policy.baseDelayMs,
    maxDelayMs: policy.maxDelayMs,
    backoffRate: policy.backoffRate,
  };
}

/** Throws a `TypeError` naming the first option that is out of range. */
export function assertValidPolicy(policy: RetryPolicy): void {
  const { maxAttempts, baseDelayMs, maxDelayMs, backoffRate } = policy;
  if (!Number.isSafeInteger(maxAttempts) || maxAttempts < 1) {
    throw invalidOption('maxAttempts', maxAttempts, 'an integer ≥ 1');
  }
  if (!Number.isFinite(baseDelayMs) || baseDelayMs < 0) {
    throw invalidOption('baseDelayMs', baseDelayMs, 'a finite number ≥ 0');
  }
  if (!Number.isFinite(maxDelayMs) || maxDelayMs < baseDelayMs) {
    throw invalidOption('maxDelayMs', maxDelayMs, `a finite number ≥ baseDelayMs (${baseDelayMs})`);
  }
  if (!Number.isFinite(backoffRate) || backoffRate < 1) {
    throw invalidOption('backoffRate', backoffRate, 'a finite number ≥ 1');
  }
}

function invalidOption(option: keyof RetryPolicy, value: unknown, expected: string): TypeError {
  return new TypeError(`Retry policy option ${option} must be ${expected}; got ${String(value)}`, {
    cause: { option, value },
  });
}
