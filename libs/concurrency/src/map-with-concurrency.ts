export interface MapWithConcurrencyOptions {
  /** How many items run at once (a whole number ≥ 1); 1 runs them one by one, in order. */
  concurrency: number;
  /** Aborting it stops the run like a failure does. */
  signal?: AbortSignal;
}

/**
 * The one bounded-concurrency map in reel (recognition chunks, uploads, probes): runs `work` on
 * every item with at most `concurrency` running at once and returns the results in item order.
 * On the first failure no further item starts, the `signal` given to the running ones
 * aborts (so their processes stop), and once they have settled that first error is rethrown.
 * An abort of the caller's `signal` does the same.
 *
 * @example
 * const words = await mapWithConcurrency(chunks, { concurrency: 2, signal }, (chunk, signal) => recognise(chunk, signal));
 */
export async function mapWithConcurrency<TItem, TResult>(
  items: readonly TItem[],
  { concurrency, signal }: MapWithConcurrencyOptions,
  work: (item: TItem, signal: AbortSignal) => Promise<TResult>,
): Promise<TResult[]> {
  if (!Number.isInteger(concurrency) || concurrency < 1) {
    throw new TypeError(`concurrency must be a whole number ≥ 1, got ${concurrency}`);
  }
  const stop = new AbortController();
  const workSignal = signal === undefined ? stop.signal : AbortSignal.any([signal, stop.signal]);
  const results: TResult[] = new Array<TResult>(items.length);
  let next = 0;
  let firstError: { error: unknown } | undefined;

  const lane = async () => {
    while (next < items.length && firstError === undefined && !workSignal.aborted) {
      const index = next;
      next += 1;
      try {
        results[index] = await work(items[index] as TItem, workSignal);
      } catch (error) {
        firstError ??= { error };
        stop.abort();
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, lane));
  if (firstError !== undefined) throw firstError.error;
  signal?.throwIfAborted();
  return results;
}
