import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { mapWithConcurrency } from './map-with-concurrency';

describe('Function: mapWithConcurrency', () => {
  it('returns results in item order with at most `concurrency` running at once', async () => {
    // Prepare
    let running = 0;
    let mostRunning = 0;
    const delaysMs = [30, 5, 20, 1, 10, 2];

    // Act
    const results = await mapWithConcurrency(
      delaysMs,
      { concurrency: 2, signal: new AbortController().signal },
      async (delayMs) => {
        running += 1;
        mostRunning = Math.max(mostRunning, running);
        await sleep(delayMs);
        running -= 1;
        return delayMs * 10;
      },
    );

    // Assess
    expect(results).toEqual([300, 50, 200, 10, 100, 20]);
    expect(mostRunning).toBe(2);
  });

  it('starts nothing after a failure, aborts the running work and rethrows the first error', async () => {
    // Prepare
    const started: number[] = [];
    let sawAbort = false;

    // Act
    const failure = await mapWithConcurrency(
      [0, 1, 2, 3],
      { concurrency: 2, signal: new AbortController().signal },
      async (item, signal) => {
        started.push(item);
        if (item === 1) throw new Error('chunk 1 failed');
        await sleep(1000, undefined, { signal }).catch(() => {
          sawAbort = signal.aborted;
          throw new Error('stopped');
        });
        return item;
      },
    ).catch((error: unknown) => error);

    // Assess
    expect(failure).toEqual(new Error('chunk 1 failed'));
    expect(started).toEqual([0, 1]);
    expect(sawAbort).toBe(true);
  });

  it('stops when the caller aborts', async () => {
    // Prepare
    const controller = new AbortController();

    // Act
    const failure = mapWithConcurrency(
      [1, 2, 3],
      { concurrency: 1, signal: controller.signal },
      async (item) => {
        if (item === 1) controller.abort();
        return item;
      },
    );

    // Assess
    await expect(failure).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('refuses a concurrency below 1', async () => {
    await expect(
      mapWithConcurrency(
        [1],
        { concurrency: 0, signal: new AbortController().signal },
        async () => 1,
      ),
    ).rejects.toThrow(TypeError);
  });
});
