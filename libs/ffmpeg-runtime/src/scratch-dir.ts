import { lstat, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve, sep } from 'node:path';
import { recordMetric, type Observability } from '@reel/observability';
import { assertAbsolutePath } from './assert-path';

/** Options of {@link withScratchDir}. */
export interface ScratchDirOptions {
  /** Where to create the directory. Default `os.tmpdir()` (`/tmp` on Lambda). */
  parentDir?: string;
  /** Start of the directory name: a letter or digit, then letters, digits, `.`, `_`, `-`. Default `reel-`. */
  prefix?: string;
  /** Reports `TmpSpaceUsed` (bytes in the directory when `work` ended). */
  observability?: Observability;
  /** The `Operation` dimension of `TmpSpaceUsed`. Default `scratch`. */
  operation?: string;
}

/**
 * Creates a private directory (mode 0700), passes it to `work`, and removes it on every exit path:
 * success, throw, or abort (`work` passes its signal on to the runner, which throws when it fires).
 * Before removal, the bytes in it are measured and reported as `TmpSpaceUsed` when observability
 * is given. Work is awaited to its end before removal, so nothing writes into a removed directory.
 *
 * @example
 * const mp3 = await withScratchDir(async (dir) => {
 *   const output = join(dir, 'audio.mp3');
 *   await runtime.run({ operation: 'extract-audio-mp3', args: buildMp3Args({ input, output }), signal });
 *   return storage.put(key, createReadStream(output));
 * }, { observability: obs, operation: 'extract-audio' });
 */
export async function withScratchDir<T>(
  work: (dir: string) => Promise<T>,
  {
    parentDir = tmpdir(),
    prefix = 'reel-',
    observability,
    operation = 'scratch',
  }: ScratchDirOptions = {},
): Promise<T> {
  assertAbsolutePath(parentDir, 'parentDir');
  if (!/^(?:[A-Za-z0-9][A-Za-z0-9._-]{0,63})?$/.test(prefix)) {
    throw new TypeError(
      `prefix must start with a letter or digit, then letters, digits, '.', '_' or '-', got ${JSON.stringify(prefix)}`,
    );
  }
  // Not join(): join('/tmp/x', '') is '/tmp/x', and mkdtemp would make a sibling '/tmp/xAbC123'.
  const dir = await mkdtemp(`${resolve(parentDir)}${sep}${prefix}`);
  try {
    return await work(dir);
  } finally {
    try {
      if (observability) {
        const bytes = await measureBytes(dir);
        recordMetric(observability, {
          name: 'TmpSpaceUsed',
          value: bytes,
          unit: 'Bytes',
          operation,
        });
      }
    } finally {
      await rm(dir, { recursive: true, force: true, maxRetries: 3 });
    }
  }
}

/**
 * Bytes used by the files under `dir` (apparent size, symlinks not followed); entries that vanish
 * while it walks count as 0.
 *
 * @example
 * const bytes = await measureBytes('/tmp/reel-abc123');
 */
export async function measureBytes(dir: string): Promise<number> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  const sizes = await Promise.all(
    entries
      .filter((entry) => entry.isFile())
      .map((entry) =>
        lstat(join(entry.parentPath, entry.name)).then(
          (stats) => stats.size,
          () => 0,
        ),
      ),
  );
  return sizes.reduce((total, size) => total + size, 0);
}
