import type { LoudnessResult } from '@reel/manifest';
import type { extractThumbnailPictures } from './version-pictures';

/**
 * Work a one-process transcode starts before the ladder is done, for completeTranscode to take
 * up: the loudness as soon as the sound is encoded, the thumbnails as soon as the lowest rung is
 * (they are read from it: see `suitsThumbnails`). On 2 cores the encode leaves room for them, so
 * they no longer wait in line behind the last pass.
 */
export interface EarlyWork {
  loudness?: Promise<LoudnessResult | undefined>;
  thumbnails?: ReturnType<typeof extractThumbnailPictures>;
}

/**
 * `promise`, marked as handled: work started now and awaited later must not be an unhandled
 * rejection (which ends the process) while something else is awaited first.
 */
export function started<T>(promise: Promise<T>): Promise<T> {
  promise.catch(() => undefined);
  return promise;
}

/**
 * Like Promise.all, but waits for every promise before it throws the first failure: work still
 * running must not write into a scratch dir or a version folder that the failure's clean-up is
 * removing.
 */
export async function settleAll<T extends readonly unknown[]>(promises: {
  readonly [K in keyof T]: Promise<T[K]>;
}): Promise<T> {
  const settled = await Promise.allSettled(promises);
  const failed = settled.find(
    (result): result is PromiseRejectedResult => result.status === 'rejected',
  );
  if (failed !== undefined) throw failed.reason;
  return settled.map((result) => (result as PromiseFulfilledResult<unknown>).value) as unknown as T;
}

/** Waits for every started piece of `early` to end, whatever the outcome. */
export async function settleEarlyWork(early: EarlyWork): Promise<void> {
  await Promise.allSettled([early.loudness, early.thumbnails].filter((work) => work !== undefined));
}
