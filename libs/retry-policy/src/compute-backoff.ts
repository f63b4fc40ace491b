import type { RetryPolicy } from './retry-policy';

export interface ComputeBackoffOptions {
  policy: RetryPolicy;
  /** The attempt that just failed, counting from 1; the delay is the wait before attempt + 1. */
  attempt: number;
  /** Returns a number in [0, 1); injectable so tests can pin the jitter. Defaults to `Math.random`. */
  random?: () => number;
}

/**
 * The wait before the next attempt: exponential backoff with full jitter, i.e. a random delay
 * between 0 and `min(maxDelayMs, baseDelayMs × backoffRate^(attempt − 1))`, in whole milliseconds.
 * This is the same curve Step Functions draws with `JitterStrategy: 'FULL'`, so a retried Lambda
 * and a retried workflow task spread their load alike.
 *
 * @example
 * computeBackoffMs({ policy: defaultRetryPolicy, attempt: 2 }) // somewhere in 0–399
 */
export function computeBackoffMs({
  policy,
  attempt,
  random = Math.random,
}: ComputeBackoffOptions): number {
  if (!Number.isSafeInteger(attempt) || attempt < 1) {
    throw new TypeError(`attempt must be an integer ≥ 1; got ${String(attempt)}`, {
      cause: { attempt },
    });
  }
  const ceilingMs = Math.min(
    policy.maxDelayMs,
    policy.baseDelayMs * policy.backoffRate ** (attempt - 1),
  );
  // Clamped so that a misbehaving random source can never push the delay past the cap.
  const fraction = Math.min(Math.max(random(), 0), 1);
  return Math.floor(fraction * ceilingMs);
}
