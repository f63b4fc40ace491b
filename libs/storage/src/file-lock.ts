import { TransientError } from '@reel/error-taxonomy';
import { randomUUID } from 'node:crypto';
import { open, readFile, stat, unlink } from 'node:fs/promises';
import { hostname } from 'node:os';
import { setTimeout as delay } from 'node:timers/promises';

export interface FileLockOptions {
  /**
   * A lock this old is presumed abandoned and broken, as is one whose holder on this host has
   * exited. Must be far above the longest critical section. Defaults to 10 s.
   */
  staleMs?: number;
  /** Waiting longer than this throws `TransientError` (retryable). Defaults to 10 s. */
  timeoutMs?: number;
}

interface LockOwner {
  hostname: string;
  pid: number;
  token: string;
}

interface ObservedLock {
  ageMs: number;
  owner: LockOwner | undefined;
}

const MAX_POLL_MS = 25;

/**
 * Runs `work` while holding an exclusive lock file, across processes on one machine (and on shared
 * file systems with atomic exclusive create). The lock is a file created with `open(path, 'wx')`;
 * a holder that died is detected by its pid or, failing that, by age. Breaking a stale lock is
 * itself serialised by a second lock file, so two waiters never both break it and one of them then
 * delete the other's fresh lock.
 *
 * @example
 * await withFileLock(`${manifestPath}.lock`, async () => { read(); check(); write(); });
 */
export async function withFileLock<Result>(
  lockPath: string,
  work: () => Promise<Result>,
  { staleMs = 10_000, timeoutMs = 10_000 }: FileLockOptions = {},
): Promise<Result> {
  const owner: LockOwner = { hostname: hostname(), pid: process.pid, token: randomUUID() };
  const giveUpAtMs = Date.now() + timeoutMs;
  for (
    let pollMs = 1;
    !(await tryCreateLock(lockPath, owner));
    pollMs = Math.min(pollMs * 2, MAX_POLL_MS)
  ) {
    await breakIfStale(lockPath, owner, staleMs);
    if (Date.now() > giveUpAtMs) {
      throw new TransientError(`Lock ${lockPath} is still held after ${timeoutMs} ms`, {
        details: { lockPath, timeoutMs },
      });
    }
    await delay(1 + Math.floor(Math.random() * pollMs));
  }
  try {
    return await work();
  } finally {
    await releaseLock(lockPath, owner);
  }
}

async function tryCreateLock(lockPath: string, owner: LockOwner): Promise<boolean> {
  let handle;
  try {
    handle = await open(lockPath, 'wx');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
  try {
    await handle.writeFile(JSON.stringify(owner));
  } finally {
    await handle.close();
  }
  return true;
}

async function breakIfStale(lockPath: string, owner: LockOwner, staleMs: number): Promise<void> {
  const observed = await observeLock(lockPath);
  if (observed === undefined || !isStale(observed, staleMs)) return;
  const breakerPath = `${lockPath}.break`;
  if (!(await tryCreateLock(breakerPath, owner))) {
    // A breaker that outlived staleMs died mid-break (a window of microseconds); clear it.
    const breaker = await observeLock(breakerPath);
    if (breaker !== undefined && breaker.ageMs > staleMs) await unlinkIfPresent(breakerPath);
    return;
  }
  try {
    // Re-checked under the breaker: someone may have broken and re-taken it since we looked.
    const current = await observeLock(lockPath);
    if (current !== undefined && isStale(current, staleMs)) await unlinkIfPresent(lockPath);
  } finally {
    await unlinkIfPresent(breakerPath);
  }
}

function isStale({ ageMs, owner }: ObservedLock, staleMs: number): boolean {
  if (ageMs > staleMs) return true;
  return owner !== undefined && owner.hostname === hostname() && !isProcessAlive(owner.pid);
}

/** True while process `pid` exists on this host (also when it belongs to another user). */
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function observeLock(lockPath: string): Promise<ObservedLock | undefined> {
  try {
    const [stats, content] = await Promise.all([stat(lockPath), readFile(lockPath, 'utf8')]);
    return { ageMs: Date.now() - stats.mtimeMs, owner: parseOwner(content) };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

function parseOwner(content: string): LockOwner | undefined {
  // Empty while its creator is between open and write; judged by age alone then.
  try {
    const owner = JSON.parse(content) as Partial<LockOwner>;
    return typeof owner.pid === 'number' &&
      typeof owner.hostname === 'string' &&
      typeof owner.token === 'string'
      ? (owner as LockOwner)
      : undefined;
  } catch {
    return undefined;
  }
}

async function releaseLock(lockPath: string, owner: LockOwner): Promise<void> {
  const observed = await observeLock(lockPath);
  // Only our own lock: if ours was broken as stale, the file now belongs to someone else.
  if (observed?.owner?.token === owner.token) await unlinkIfPresent(lockPath);
}

async function unlinkIfPresent(path: string): Promise<void> {
  try {
    await unlink(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
}
