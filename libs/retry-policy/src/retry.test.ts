import { CorruptInputError, TimeoutError, TransientError } from '@reel/error-taxonomy';
import { describe, expect, it, vi } from 'vitest';
import { retry, type RetryEvent } from './retry';
import { createRetryPolicy } from './retry-policy';

/** A clock that only moves when the fake sleep (or a test) moves it: no real waiting anywhere. */
function createFakeTime(startMs = 0) {
  let nowMs = startMs;
  const sleeps: number[] = [];
  return {
    sleeps,
    clock: { now: () => nowMs },
    advance: (ms: number) => {
      nowMs += ms;
    },
    sleep: async (ms: number, signal?: AbortSignal) => {
      signal?.throwIfAborted();
      sleeps.push(ms);
      nowMs += ms;
    },
  };
}

const policy = createRetryPolicy({
  maxAttempts: 3,
  baseDelayMs: 100,
  maxDelayMs: 1000,
  backoffRate: 2,
});

describe('Function: retry', () => {
  it('returns the first result without waiting when the operation succeeds', async () => {
    // Prepare
    const time = createFakeTime();
    const operation = vi.fn(async (attempt: number) => `done on ${attempt}`);

    // Act
    const result = await retry(operation, { policy, ...time });

    // Assess
    expect(result).toBe('done on 1');
    expect(operation).toHaveBeenCalledTimes(1);
    expect(time.sleeps).toEqual([]);
  });

  it('retries a retryable error until the operation succeeds', async () => {
    // Prepare
    const time = createFakeTime();
    const attempts: number[] = [];
    const operation = async (attempt: number) => {
      attempts.push(attempt);
      if (attempt < 3) throw new TransientError('S3 answered 503');
      return 'stored';
    };

    // Act
    const result = await retry(operation, { policy, ...time, random: () => 0.5 });

    // Assess
    expect(result).toBe('stored');
    expect(attempts).toEqual([1, 2, 3]);
    expect(time.sleeps).toEqual([50, 100]);
  });

  it('rethrows the last error itself once maxAttempts are used up', async () => {
    // Prepare
    const time = createFakeTime();
    const thrown: Error[] = [];
    const operation = async (attempt: number) => {
      const error = new TransientError(`attempt ${attempt} throttled`);
      thrown.push(error);
      throw error;
    };

    // Act
    const rejection = await retry(operation, { policy, ...time }).catch((error: unknown) => error);

    // Assess
    expect(thrown).toHaveLength(3);
    expect(rejection).toBe(thrown[2]);
    expect(time.sleeps).toHaveLength(2);
  });

  it('does not retry a non-retryable error', async () => {
    // Prepare
    const time = createFakeTime();
    const error = new CorruptInputError('moov atom not found');
    const operation = vi.fn(async () => {
      throw error;
    });
    const onRetry = vi.fn();

    // Act
    const outcome = retry(operation, { policy, ...time, onRetry });

    // Assess
    await expect(outcome).rejects.toBe(error);
    expect(operation).toHaveBeenCalledTimes(1);
    expect(onRetry).not.toHaveBeenCalled();
    expect(time.sleeps).toEqual([]);
  });

  it('treats throttled AWS SDK errors and network resets as retryable by default', async () => {
    // Prepare
    const time = createFakeTime();
    const failures = [
      Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' }),
      Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }),
    ];
    const operation = vi.fn(async (attempt: number) => {
      const failure = failures[attempt - 1];
      if (failure) throw failure;
      return attempt;
    });

    // Act
    const result = await retry(operation, { policy, ...time });

    // Assess
    expect(result).toBe(3);
  });

  it('treats an unclassified Error as not retryable by default', async () => {
    // Prepare
    const operation = vi.fn(async () => {
      throw new Error('undefined is not a function');
    });

    // Act
    const outcome = retry(operation, { policy, ...createFakeTime() });

    // Assess
    await expect(outcome).rejects.toThrow('undefined is not a function');
    expect(operation).toHaveBeenCalledTimes(1);
  });

  it('asks isRetryable when one is given', async () => {
    // Prepare
    const isRetryable = vi.fn((error: unknown) => (error as Error).message === 'try again');
    const operation = vi.fn(async (attempt: number) => {
      if (attempt === 1) throw new Error('try again');
      throw new TransientError('retryable by taxonomy, not by this caller');
    });

    // Act
    const outcome = retry(operation, { policy, ...createFakeTime(), isRetryable });

    // Assess
    await expect(outcome).rejects.toThrow('retryable by taxonomy, not by this caller');
    expect(operation).toHaveBeenCalledTimes(2);
    expect(isRetryable).toHaveBeenCalledTimes(2);
  });

  it('calls onRetry with the failed attempt, its error and the delay before the next one', async () => {
    // Prepare
    const time = createFakeTime();
    const errors = [new TransientError('first'), new TransientError('second')];
    const events: RetryEvent[] = [];
    const operation = async (attempt: number) => {
      const error = errors[attempt - 1];
      if (error) throw error;
      return 'ok';
    };

    // Act
    await retry(operation, {
      policy,
      ...time,
      random: () => 0.5,
      onRetry: (event) => events.push(event),
    });

    // Assess
    expect(events).toEqual([
      { attempt: 1, delayMs: 50, error: errors[0] },
      { attempt: 2, delayMs: 100, error: errors[1] },
    ]);
    expect(time.sleeps).toEqual([50, 100]);
  });

  it('waits with full jitter and never longer than maxDelayMs', async () => {
    // Prepare
    const time = createFakeTime();
    const steepPolicy = createRetryPolicy({
      maxAttempts: 6,
      baseDelayMs: 1000,
      maxDelayMs: 3000,
      backoffRate: 3,
    });
    const operation = async () => {
      throw new TransientError('still busy');
    };

    // Act
    const outcome = retry(operation, { policy: steepPolicy, ...time, random: () => 0.999 });

    // Assess
    await expect(outcome).rejects.toThrow('still busy');
    expect(time.sleeps).toEqual([999, 2997, 2997, 2997, 2997]);
  });

  it('stops before a wait that would reach the deadline and rethrows the last error', async () => {
    // Prepare
    const time = createFakeTime(10_000);
    const longPolicy = createRetryPolicy({ maxAttempts: 5, baseDelayMs: 200, maxDelayMs: 5000 });
    const thrown: Error[] = [];
    const operation = async (attempt: number) => {
      const error = new TransientError(`attempt ${attempt}`);
      thrown.push(error);
      throw error;
    };

    // Act
    const rejection = await retry(operation, {
      policy: longPolicy,
      ...time,
      random: () => 1,
      deadlineAtMs: 10_250,
    }).catch((error: unknown) => error);

    // Assess
    expect(thrown).toHaveLength(2);
    expect(rejection).toBe(thrown[1]);
    expect(time.sleeps).toEqual([200]);
  });

  it('counts the time attempts take against the deadline', async () => {
    // Prepare
    const time = createFakeTime();
    const operation = vi.fn(async () => {
      time.advance(1000);
      throw new TransientError('slow and failing');
    });

    // Act
    const outcome = retry(operation, {
      policy: createRetryPolicy({ maxAttempts: 10 }),
      ...time,
      random: () => 0,
      deadlineAtMs: 1500,
    });

    // Assess
    await expect(outcome).rejects.toThrow('slow and failing');
    expect(operation).toHaveBeenCalledTimes(2);
  });

  it('refuses to start an attempt when the deadline has already passed', async () => {
    // Prepare
    const time = createFakeTime(5000);
    const operation = vi.fn(async () => 'never');

    // Act
    const outcome = retry(operation, { policy, ...time, deadlineAtMs: 5000 });

    // Assess
    await expect(outcome).rejects.toBeInstanceOf(TimeoutError);
    await expect(outcome).rejects.toMatchObject({ details: { deadlineAtMs: 5000, nowMs: 5000 } });
    expect(operation).not.toHaveBeenCalled();
  });

  it('does not start when the signal is already aborted', async () => {
    // Prepare
    const controller = new AbortController();
    const reason = new Error('handler is shutting down');
    controller.abort(reason);
    const operation = vi.fn(async () => 'never');

    // Act
    const outcome = retry(operation, { policy, ...createFakeTime(), signal: controller.signal });

    // Assess
    await expect(outcome).rejects.toBe(reason);
    expect(operation).not.toHaveBeenCalled();
  });

  it('stops waiting when the signal aborts and rethrows the last error', async () => {
    // Prepare
    const time = createFakeTime();
    const controller = new AbortController();
    const error = new TransientError('throttled');
    const operation = vi.fn(async () => {
      throw error;
    });

    // Act
    const outcome = retry(operation, {
      policy,
      ...time,
      signal: controller.signal,
      onRetry: () => controller.abort(),
    });

    // Assess
    await expect(outcome).rejects.toBe(error);
    expect(operation).toHaveBeenCalledTimes(1);
    expect(time.sleeps).toEqual([]);
  });

  it('does not retry once the signal aborted during an attempt', async () => {
    // Prepare
    const time = createFakeTime();
    const controller = new AbortController();
    const error = new TransientError('interrupted');
    const operation = vi.fn(async () => {
      controller.abort();
      throw error;
    });

    const onRetry = vi.fn();

    // Act
    const outcome = retry(operation, { policy, ...time, signal: controller.signal, onRetry });

    // Assess
    await expect(outcome).rejects.toBe(error);
    expect(operation).toHaveBeenCalledTimes(1);
    expect(onRetry).not.toHaveBeenCalled();
    expect(time.sleeps).toEqual([]);
  });

  it('rethrows the last error when a sleep ignores the signal but the signal aborted', async () => {
    // Prepare
    const controller = new AbortController();
    const error = new TransientError('throttled');
    const operation = vi.fn(async () => {
      throw error;
    });
    const sleep = async () => {
      controller.abort();
    };

    // Act
    const outcome = retry(operation, { policy, sleep, signal: controller.signal });

    // Assess
    await expect(outcome).rejects.toBe(error);
    expect(operation).toHaveBeenCalledTimes(1);
  });

  it('propagates a sleep failure that has nothing to do with the signal', async () => {
    // Prepare
    const sleepFailure = new Error('timer broke');
    const operation = async () => {
      throw new TransientError('throttled');
    };

    // Act
    const outcome = retry(operation, {
      policy,
      sleep: async () => {
        throw sleepFailure;
      },
    });

    // Assess
    await expect(outcome).rejects.toBe(sleepFailure);
  });

  it('waits with real timers by default', async () => {
    // Prepare
    const quickPolicy = createRetryPolicy({ maxAttempts: 2, baseDelayMs: 5, maxDelayMs: 5 });
    const operation = vi.fn(async (attempt: number) => {
      if (attempt === 1) throw new TransientError('blip');
      return 'recovered';
    });

    // Act
    const result = await retry(operation, { policy: quickPolicy, random: () => 1 });

    // Assess
    expect(result).toBe('recovered');
    expect(operation).toHaveBeenCalledTimes(2);
  });

  it('cuts a real wait short when the signal aborts', async () => {
    // Prepare
    const controller = new AbortController();
    const minutePolicy = createRetryPolicy({
      maxAttempts: 2,
      baseDelayMs: 60_000,
      maxDelayMs: 60_000,
    });
    const error = new TransientError('throttled');
    const startedAtMs = performance.now();

    // Act
    const outcome = retry(
      async () => {
        throw error;
      },
      {
        policy: minutePolicy,
        random: () => 1,
        signal: controller.signal,
        onRetry: () => setTimeout(() => controller.abort(), 10),
      },
    );

    // Assess
    await expect(outcome).rejects.toBe(error);
    expect(performance.now() - startedAtMs).toBeLessThan(5_000);
  });

  it('rejects an invalid policy before the first attempt', async () => {
    // Prepare
    const operation = vi.fn(async () => 'never');

    // Act
    const outcome = retry(operation, {
      policy: { maxAttempts: 0, baseDelayMs: 100, maxDelayMs: 100, backoffRate: 2 },
    });

    // Assess
    await expect(outcome).rejects.toThrow(TypeError);
    expect(operation).not.toHaveBeenCalled();
  });
});
