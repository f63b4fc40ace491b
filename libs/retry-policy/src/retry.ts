import { setTimeout as sleepWithTimers } from 'node:timers/promises';
import { TimeoutError, toReelError } from '@reel/error-taxonomy';
import { computeBackoffMs } from './compute-backoff';
import { assertValidPolicy, defaultRetryPolicy, type RetryPolicy } from './retry-policy';

/** What {@link RetryOptions.onRetry} learns before each wait. */
export interface RetryEvent {
  /** The attempt that just failed, counting from 1; the next one is `attempt + 1`. */
  attempt: number;
  /** How long `retry` is about to wait before the next attempt. */
  delayMs: number;
  /** What the failed attempt threw. */
  error: unknown;
}

export interface RetryOptions {
  /** Defaults to {@link defaultRetryPolicy}. */
  policy?: RetryPolicy;
  /**
   * Epoch ms by which every attempt must have started: `retry` never waits past it and never
   * starts an attempt at or after it. Pass {@link deadlineFromRemainingTime}'s result.
   */
  deadlineAtMs?: number;
  /** Stops retrying: no further attempt starts and a pending wait ends at once. */
  signal?: AbortSignal;
  /** Which failures are worth another attempt. Defaults to the error taxonomy's `retryable`. */
  isRetryable?: (error: unknown) => boolean;
  /** Called before each wait, e.g. to emit the `RetryAttempts` metric. */
  onRetry?: (event: RetryEvent) => void;
  /** Injectable time source for tests. Defaults to `Date`. */
  clock?: { now(): number };
  /** Injectable wait for tests; must reject or return early when `signal` aborts. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Injectable jitter source in [0, 1) for tests. Defaults to `Math.random`. */
  random?: () => number;
}

/**
 * Runs `operation` until it succeeds, its error is not retryable, the policy's attempts are used
 * up, the deadline leaves no room for another attempt, or `signal` aborts. Waits between attempts
 * follow {@link computeBackoffMs}. Whenever it gives up after a failed attempt it rethrows that
 * attempt's error unchanged, so callers branch on the same class they would without retries.
 * Only two errors are its own: the signal's reason when aborted before the first attempt, and a
 * `TimeoutError` when the deadline has already passed before the first attempt.
 *
 * @example
 * const deadlineAtMs = deadlineFromRemainingTime({ remainingTimeMs: context.getRemainingTimeInMillis() })
 * const manifest = await retry(() => manifests.update({ jobId, change }), {
 *   deadlineAtMs,
 *   signal,
 *   onRetry: ({ attempt, delayMs }) => logger.warn('Retrying manifest update', { attempt, delayMs }),
 * })
 */
export async function retry<T>(
  operation: (attempt: number) => Promise<T>,
  options: RetryOptions = {},
): Promise<T> {
  const {
    policy = defaultRetryPolicy,
    deadlineAtMs,
    signal,
    isRetryable = isRetryableByTaxonomy,
    onRetry,
    clock = Date,
    sleep = sleepUnlessAborted,
    random,
  } = options;
  assertValidPolicy(policy);
  signal?.throwIfAborted();
  const startMs = clock.now();
  if (deadlineAtMs !== undefined && startMs >= deadlineAtMs) {
    throw new TimeoutError('The deadline passed before the first attempt could start', {
      details: { deadlineAtMs, nowMs: startMs },
    });
  }

  for (let attempt = 1; ; attempt += 1) {
    try {
      return await operation(attempt);
    } catch (error) {
      const mayRetry = attempt < policy.maxAttempts && !signal?.aborted && isRetryable(error);
      if (!mayRetry) throw error;
      const delayMs = computeBackoffMs({ policy, attempt, random });
      if (deadlineAtMs !== undefined && clock.now() + delayMs >= deadlineAtMs) throw error;
      onRetry?.({ attempt, delayMs, error });
      try {
        await sleep(delayMs, signal);
      } catch (sleepError) {
        if (signal?.aborted) throw error;
        throw sleepError;
      }
      if (signal?.aborted) throw error;
    }
  }
}

function isRetryableByTaxonomy(error: unknown): boolean {
  return toReelError(error).retryable;
}

function sleepUnlessAborted(ms: number, signal?: AbortSignal): Promise<void> {
  return sleepWithTimers(ms, undefined, { signal });
}
