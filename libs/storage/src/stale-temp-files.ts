import { readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { TEMP_FILE_PATTERN } from './atomic-file';

/** A temp file untouched this long has no writer left: every write updates its modification time. */
export const STALE_TEMP_FILE_AGE_MS = 5 * 60_000;

export interface RemoveStaleTempFilesOptions {
  /** A folder of the local backend, e.g. one job's folder; a missing folder removes nothing. */
  dir: string;
  /** Only temp files not modified for this long. Default {@link STALE_TEMP_FILE_AGE_MS}. */
  minAgeMs?: number;
  now?: () => number;
}

/**
 * Removes, under `dir` and its sub-folders, the temp files `writeFileAtomically` leaves when its
 * process is killed mid-write (`.{name}.{uuid}.tmp`), once no one has written to them for
 * `minAgeMs`. Objects and fresh temp files (a write in progress) are left alone. Returns the
 * removed paths.
 *
 * @example
 * await removeStaleTempFiles({ dir: join(config.mediaStoragePath, buildJobRootKey(job)) });
 */
export async function removeStaleTempFiles({
  dir,
  minAgeMs = STALE_TEMP_FILE_AGE_MS,
  now = Date.now,
}: RemoveStaleTempFilesOptions): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true }).catch(
    (error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return [];
      throw error;
    },
  );
  const removed: string[] = [];
  for (const entry of entries) {
    if (!entry.isFile() || !TEMP_FILE_PATTERN.test(entry.name)) continue;
    const path = join(entry.parentPath, entry.name);
    const modifiedMs = await stat(path).then(
      ({ mtimeMs }) => mtimeMs,
      () => undefined,
    );
    if (modifiedMs === undefined || now() - modifiedMs < minAgeMs) continue;
    await rm(path, { force: true });
    removed.push(path);
  }
  return removed;
}
