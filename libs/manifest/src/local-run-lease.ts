import { toReelError } from '@reel/error-taxonomy';
import {
  isProcessAlive,
  readTextIfExists,
  withFileLock,
  writeFileAtomically,
  type FileLockOptions,
} from '@reel/storage';
import { mkdir, rmdir, unlink } from 'node:fs/promises';
import { hostname } from 'node:os';
import { dirname } from 'node:path';
import { Readable } from 'node:stream';
import type { AcquireRunLeaseOptions, JobRef, RunLease } from './manifest-store';
import {
  assertRunId,
  isLeaseExpired,
  jobRunningError,
  newRunLease,
  parseRunLease,
} from './run-lease-rules';

/** The lease file beside `manifest.json`: the lease plus the process that took it. */
interface LocalLeaseRecord extends RunLease {
  hostname: string;
  pid: number;
}

export interface LocalRunLeaseOptions {
  /** `{jobDir}/run-lease.json`. */
  leasePath: string;
  ref: JobRef;
  now: () => Date;
  lock?: FileLockOptions;
}

/**
 * Takes the lease under the lease file's lock (read, decide, write atomically), so of many
 * processes asking at once exactly one wins. A holder on this host whose process has exited is
 * taken over at once; elsewhere the lease must expire first.
 */
export async function acquireLocalRunLease(
  { leasePath, ref, now, lock }: LocalRunLeaseOptions,
  options: AcquireRunLeaseOptions,
): Promise<RunLease> {
  const lease = newRunLease(options, now);
  await mkdir(dirname(leasePath), { recursive: true });
  return withFileLock(
    `${leasePath}.lock`,
    async () => {
      const held = await readLeaseRecord(leasePath);
      if (held !== undefined && held.runId === lease.runId) return toRunLease(held);
      if (held !== undefined && !canTakeOver(held, lease.acquiredAt)) {
        throw jobRunningError(ref, held, lease.runId);
      }
      const record: LocalLeaseRecord = { ...lease, hostname: hostname(), pid: process.pid };
      await writeFileAtomically({
        path: leasePath,
        body: Readable.from([`${JSON.stringify(record, null, 2)}\n`]),
      }).catch((error: unknown) => {
        throw toReelError(error);
      });
      return lease;
    },
    lock,
  );
}

export async function getLocalRunLease(leasePath: string): Promise<RunLease | undefined> {
  const held = await readLeaseRecord(leasePath);
  return held === undefined ? undefined : toRunLease(held);
}

export async function releaseLocalRunLease(
  { leasePath, lock }: Pick<LocalRunLeaseOptions, 'leasePath' | 'lock'>,
  { runId }: { runId: string },
): Promise<void> {
  assertRunId(runId);
  // No job folder means no lease; the lock file could not be created there anyway.
  if ((await readLeaseRecord(leasePath)) === undefined) return;
  const released = await withFileLock(
    `${leasePath}.lock`,
    async () => {
      const held = await readLeaseRecord(leasePath);
      if (held?.runId !== runId) return false;
      await unlinkIfPresent(leasePath);
      return true;
    },
    lock,
  );
  // A run refused before its job was created leaves no empty job folder behind.
  if (released) await removeIfEmpty(dirname(leasePath));
}

async function removeIfEmpty(dir: string): Promise<void> {
  try {
    await rmdir(dir);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'ENOTEMPTY' && code !== 'EEXIST' && code !== 'ENOENT') throw toReelError(error);
  }
}

function canTakeOver(held: LocalLeaseRecord, at: string): boolean {
  if (isLeaseExpired(held, at)) return true;
  return held.hostname === hostname() && !isProcessAlive(held.pid);
}

async function readLeaseRecord(leasePath: string): Promise<LocalLeaseRecord | undefined> {
  const text = await readTextIfExists(leasePath);
  if (text === undefined) return undefined;
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch {
    return undefined;
  }
  const lease = parseRunLease(document);
  if (lease === undefined) return undefined;
  const { hostname: host, pid } = document as Partial<LocalLeaseRecord>;
  return {
    ...lease,
    hostname: typeof host === 'string' ? host : '',
    pid: typeof pid === 'number' ? pid : 0,
  };
}

function toRunLease({ runId, acquiredAt, expiresAt }: LocalLeaseRecord): RunLease {
  return { runId, acquiredAt, expiresAt };
}

async function unlinkIfPresent(path: string): Promise<void> {
  try {
    await unlink(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw toReelError(error);
  }
}
