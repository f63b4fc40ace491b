import { mapWithConcurrency } from '@reel/concurrency';
import type { MediaStorage, StoredObject } from './media-storage';

/** One local file to store. */
export interface FileToPut {
  key: string;
  path: string;
  contentType?: string;
}

export interface PutFilesOptions {
  storage: MediaStorage;
  files: readonly FileToPut[];
  signal?: AbortSignal;
  /** Uploads at once; 1 keeps the given order (e.g. a document after the files it names). Default 4. */
  concurrency?: number;
}

/**
 * Stores a step's outputs as a set: all of them, or none. Uploads run `concurrency` at a time; when
 * one fails, no new upload starts, the ones in flight are waited for, and every object this call
 * stored is deleted again before the first error is rethrown — so no half set is left and nothing
 * lands after the rollback.
 *
 * @example
 * const stored = await putFiles({ storage, files: [{ key: mp3Key, path: mp3Path }, { key: wavKey, path: wavPath }], signal });
 */
export async function putFiles({
  storage,
  files,
  signal,
  concurrency = 4,
}: PutFilesOptions): Promise<StoredObject[]> {
  const stored: StoredObject[] = [];
  try {
    await mapWithConcurrency(files, { concurrency, signal }, async ({ key, path, contentType }) => {
      const object = await storage.putFile({
        key,
        path,
        signal,
        ...(contentType ? { contentType } : {}),
      });
      stored.push(object);
    });
  } catch (error) {
    await Promise.allSettled(stored.map(({ key }) => storage.delete({ key })));
    throw error;
  }
  const storedByKey = new Map(stored.map((object) => [object.key, object]));
  return files.map(({ key }) => storedByKey.get(key) as StoredObject);
}
