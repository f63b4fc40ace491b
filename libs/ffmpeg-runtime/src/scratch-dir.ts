import { lstat, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve, sep } from 'node:path';
import { recordMetric, type Observability } from '@reel/observability';
import { assertAbsolutePath } from './assert-path';
import {
  SCRATCH_OWNER_FILE,
  describeOwner,
  isOwnerAlive,
  type ScratchOwner,
} from './scratch-owner';

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

const DEFAULT_PREFIX = 'reel-';
const PREFIX = /^(?:[A-Za-z0-9][A-Za-z0-9._-]{0,63})?$/;

/**
 * Creates a private directory (mode 0700) holding an owner record (this process's pid, boot id and
 * start time, for {@link sweepStaleScratch}), passes it to `work`, and removes it on every exit path:
 * success, throw, or abort (`work` passes its signal on to the runner, which throws when it fires).
 * Before removal, the bytes in it are measured and reported as `TmpSpaceUsed` when observability
 * is given. Work is awaited to its end before removal, so nothing writes into a removed directory.
 *
 * @example
 * const mp3 = await withScratchDir(async (dir) => {
 *   const output = join(dir, 'audio.mp3');
 *   await runtime.extractMp3({ input, output, signal });
 *   return storage.put(key, createReadStream(output));
 * }, { observability: obs, operation: 'extract-audio' });
 */
export async function withScratchDir<T>(
  work: (dir: string) => Promise<T>,
  {
    parentDir = tmpdir(),
    prefix = DEFAULT_PREFIX,
    observability,
    operation = 'scratch',
  }: ScratchDirOptions = {},
): Promise<T> {
  assertAbsolutePath(parentDir, 'parentDir');
  assertPrefix(prefix);
  // Not join(): join('/tmp/x', '') is '/tmp/x', and mkdtemp would make a sibling '/tmp/xAbC123'.
  const dir = await mkdtemp(`${resolve(parentDir)}${sep}${prefix}`);
  try {
    await writeFile(join(dir, SCRATCH_OWNER_FILE), JSON.stringify(await describeOwner()), {
      mode: 0o600,
    });
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

function assertPrefix(prefix: string): void {
  if (!PREFIX.test(prefix)) {
    throw new TypeError(
      `prefix must start with a letter or digit, then letters, digits, '.', '_' or '-', got ${JSON.stringify(prefix)}`,
    );
  }
}

/** Options of {@link sweepStaleScratch}. */
export interface SweepStaleScratchOptions {
  /** Where the scratch dirs were made. Default `os.tmpdir()`, as for {@link withScratchDir}. */
  rootDir?: string;
  /** Only dirs whose name starts with this. Default `reel-`. */
  prefix?: string;
  /** Logs each removed dir at info. */
  observability?: Observability;
}

/**
 * Removes the scratch dirs {@link withScratchDir} left behind when its process died without
 * cleaning up (`kill -9`, out of memory, a Lambda environment frozen mid-job): every `<prefix>*`
 * dir in `rootDir` whose owner record names a process that no longer runs (pid gone, recycled
 * with another start time, or from an earlier boot). Dirs of live processes and dirs without an
 * owner record (not made by withScratchDir, or not yet written) are never touched. Returns the
 * removed paths. Call it when a CLI run or a Lambda environment starts.
 *
 * @example
 * const removed = await sweepStaleScratch({ observability });
 */
export async function sweepStaleScratch({
  rootDir = tmpdir(),
  prefix = DEFAULT_PREFIX,
  observability,
}: SweepStaleScratchOptions = {}): Promise<string[]> {
  assertAbsolutePath(rootDir, 'rootDir');
  assertPrefix(prefix);
  const entries = await readdir(rootDir, { withFileTypes: true }).catch(() => []);
  const removed: string[] = [];
  for (const entry of entries) {
    if (!entry.isDirectory() || !entry.name.startsWith(prefix)) continue;
    const dir = join(rootDir, entry.name);
    const owner = await readOwner(dir);
    if (owner === undefined || (await isOwnerAlive(owner))) continue;
    await rm(dir, { recursive: true, force: true, maxRetries: 3 });
    observability?.logger.info('Stale scratch dir removed', { dir, ownerPid: owner.pid });
    removed.push(dir);
  }
  return removed;
}

async function readOwner(dir: string): Promise<ScratchOwner | undefined> {
  const text = await readFile(join(dir, SCRATCH_OWNER_FILE), 'utf8').catch(() => undefined);
  if (text === undefined) return undefined;
  try {
    const owner = JSON.parse(text) as Partial<ScratchOwner>;
    return Number.isSafeInteger(owner.pid) && (owner.pid ?? 0) > 0
      ? (owner as ScratchOwner)
      : undefined;
  } catch {
    return undefined;
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
