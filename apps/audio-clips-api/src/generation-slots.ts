import { RateLimitedError } from '@reel/error-taxonomy';

/** A held slot; `release` is idempotent. */
export interface GenerationSlot {
  release(): void;
}

/**
 * A non-blocking limit on clip cuts running at once in this process: `acquire` takes a slot now or
 * throws RateLimitedError (429, `Retry-After`) — a queue would only hold requests until the API's
 * timeout while ffmpeg runs, where a client retrying after a second gets a cut or a cached clip.
 *
 * @example
 * const slot = slots.acquire();
 * try { await cut(); } finally { slot.release(); }
 */
export function createGenerationSlots({ limit }: { limit: number }) {
  if (!Number.isInteger(limit) || limit < 1) {
    throw new TypeError(`limit must be a positive integer, got ${limit}`);
  }
  let running = 0;
  return {
    get running(): number {
      return running;
    },
    acquire(): GenerationSlot {
      if (running >= limit) {
        throw new RateLimitedError(`${limit} clips are being cut already; try again in a moment`, {
          retryAfterSec: 1,
          advice: 'Retry after the Retry-After header’s seconds.',
        });
      }
      running += 1;
      let held = true;
      return {
        release() {
          if (!held) return;
          held = false;
          running -= 1;
        },
      };
    },
  };
}

export type GenerationSlots = ReturnType<typeof createGenerationSlots>;
