import { randomUUID } from 'node:crypto';
import { open, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

/** Temp files start with a dot, which no key segment may, so they never show up as objects. */
export const TEMP_FILE_PATTERN = /^\..+\.[0-9a-f-]{36}\.tmp$/;

export interface WriteFileAtomicallyOptions {
  /** The final path; its folder must exist. */
  path: string;
  body: Readable;
  signal?: AbortSignal;
  /** Runs after the bytes are on disk and before they become visible at `path`; throw to discard them. */
  beforeRename?: (written: { bytes: number }) => Promise<void>;
  /**
   * Flush the bytes to the disk (fsync) before the rename, so they survive a power cut, not only
   * a crash of the process. Default `true`: records of truth (manifests, leases, keys) need it.
   * `false` where the file can be made again and a power cut loses nothing another run would not
   * redo: a step's scratch downloads, the local backend's media objects. Each fsync costs
   * 2–5 ms on these machines, ~100 of them in one short `reel run` (issue 9's bench:pipeline).
   */
  flush?: boolean;
}

/**
 * Streams `body` into a temp file beside `path`, flushes it to disk (unless `flush: false`) and
 * renames it over `path`, so a reader sees the old file, the new one or none — never a part. On failure or abort the temp
 * file is removed, `body` is destroyed and `path` is untouched. Returns the bytes written.
 *
 * @example
 * const { bytes } = await writeFileAtomically({ path: '/scratch/input.mp4', body, signal });
 */
export async function writeFileAtomically({
  path,
  body,
  signal,
  beforeRename,
  flush = true,
}: WriteFileAtomicallyOptions): Promise<{ bytes: number }> {
  const tempPath = join(dirname(path), `.${basename(path)}.${randomUUID()}.tmp`);
  let renamed = false;
  try {
    signal?.throwIfAborted();
    // Opened before streaming (not lazily by the stream) so the cleanup below always sees the file.
    const handle = await open(tempPath, 'wx', 0o644);
    try {
      await pipeline(body, handle.createWriteStream({ flush }), { signal });
      const { size } = await stat(tempPath);
      await beforeRename?.({ bytes: size });
      signal?.throwIfAborted();
      await rename(tempPath, path);
      renamed = true;
      return { bytes: size };
    } finally {
      await handle.close();
    }
  } finally {
    if (!renamed) {
      body.destroy();
      await rm(tempPath, { force: true });
    }
  }
}
