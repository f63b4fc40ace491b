import { TransientError } from '@reel/error-taxonomy';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, readdir, readFile, rm, utimes, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { withFileLock } from './file-lock';

describe('Function: withFileLock', () => {
  let dir: string;
  let lockPath: string;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'reel-file-lock-'));
    lockPath = join(dir, 'manifest.json.lock');
  });

  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('lets one holder at a time through, so read-modify-write loses nothing', async () => {
    // Prepare
    const counterPath = join(dir, 'counter');
    await writeFile(counterPath, '0');
    let inside = 0;
    let mostInside = 0;

    // Act
    await Promise.all(
      Array.from({ length: 20 }, () =>
        withFileLock(lockPath, async () => {
          inside += 1;
          mostInside = Math.max(mostInside, inside);
          const count = Number(await readFile(counterPath, 'utf8'));
          await delay(1);
          await writeFile(counterPath, String(count + 1));
          inside -= 1;
        }),
      ),
    );

    // Assess
    expect(await readFile(counterPath, 'utf8')).toBe('20');
    expect(mostInside).toBe(1);
    expect(await readdir(dir)).toEqual(['counter']);
  });

  it('removes the lock when the work throws, and passes the error on', async () => {
    const work = withFileLock(lockPath, () => Promise.reject(new Error('boom')));
    await expect(work).rejects.toThrow('boom');
    expect(await readdir(dir)).toEqual([]);
  });

  it('breaks a lock whose holder on this host has exited', async () => {
    // Prepare
    const exited = spawn(process.execPath, ['-e', '']);
    await once(exited, 'exit');
    await writeFile(
      lockPath,
      JSON.stringify({ hostname: hostname(), pid: exited.pid, token: 'dead' }),
    );

    // Act
    const result = await withFileLock(lockPath, async () => 'got it', {
      staleMs: 60_000,
      timeoutMs: 2_000,
    });

    // Assess
    expect(result).toBe('got it');
    expect(await readdir(dir)).toEqual([]);
  });

  it('breaks a lock older than staleMs whose holder is unknown', async () => {
    // Prepare: an empty lock, as left by a crash between create and write.
    await writeFile(lockPath, '');
    const aMinuteAgo = new Date(Date.now() - 60_000);
    await utimes(lockPath, aMinuteAgo, aMinuteAgo);

    // Act
    const result = await withFileLock(lockPath, async () => 'got it', {
      staleMs: 1_000,
      timeoutMs: 2_000,
    });

    // Assess
    expect(result).toBe('got it');
  });

  it('waits for a live holder and gives up with a retryable TransientError', async () => {
    // Prepare
    const { promise: holding, resolve: release } = Promise.withResolvers<void>();
    const held = withFileLock(lockPath, () => holding);
    await delay(20);

    // Act
    const waiting = withFileLock(lockPath, async () => 'never', { timeoutMs: 100 });

    // Assess
    await expect(waiting).rejects.toBeInstanceOf(TransientError);
    await expect(waiting).rejects.toMatchObject({ retryable: true, details: { lockPath } });
    release();
    await held;
    expect(await withFileLock(lockPath, async () => 'after release')).toBe('after release');
  });
});
