import { readFile } from 'node:fs/promises';

/** Who made a scratch dir: enough to tell, after a crash, whether that process still runs. */
export interface ScratchOwner {
  pid: number;
  /** The kernel's boot id: a pid from an earlier boot is never the same process. */
  bootId?: string;
  /** Start time of the process in clock ticks since boot (`/proc/<pid>/stat`, field 22). */
  startTicks?: string;
}

/** The file in every scratch dir that names its owner. */
export const SCRATCH_OWNER_FILE = '.reel-owner.json';

/**
 * The record of `pid` (default: this process). On Linux it adds the boot id and the process
 * start time, so a recycled pid is not mistaken for the owner; elsewhere only the pid.
 *
 * @example
 * await writeFile(join(dir, SCRATCH_OWNER_FILE), JSON.stringify(await describeOwner()));
 */
export async function describeOwner(pid: number = process.pid): Promise<ScratchOwner> {
  const [bootId, startTicks] = await Promise.all([readBootId(), readStartTicks(pid)]);
  return { pid, bootId, startTicks };
}

/**
 * True when the process that wrote `owner` still runs: same boot, the pid alive, and (when
 * recorded) the same start time. Unknown is alive: a sweep must never remove a live run's dir.
 *
 * @example
 * if (!(await isOwnerAlive(owner))) await rm(dir, { recursive: true, force: true });
 */
export async function isOwnerAlive(owner: ScratchOwner): Promise<boolean> {
  const bootId = await readBootId();
  if (owner.bootId !== undefined && bootId !== undefined && owner.bootId !== bootId) return false;
  if (!pidExists(owner.pid)) return false;
  if (owner.startTicks === undefined) return true;
  const startTicks = await readStartTicks(owner.pid);
  return startTicks === undefined || startTicks === owner.startTicks;
}

function pidExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists, as another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function readBootId(): Promise<string | undefined> {
  const text = await readFile('/proc/sys/kernel/random/boot_id', 'utf8').catch(() => undefined);
  return text?.trim() || undefined;
}

async function readStartTicks(pid: number): Promise<string | undefined> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => undefined);
  if (stat === undefined) return undefined;
  // The command name (field 2) is in parentheses and may hold spaces: count after its last ')'.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return fields[19];
}
