import { mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { execa } from 'execa';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TimeoutError } from '@reel/error-taxonomy';
import { createTempDir } from '../tests/support/media-fixtures';
import { captureEmf, makeObservability } from '../tests/support/observability';
import { runFfmpeg } from './run-ffmpeg';
import { measureBytes, sweepStaleScratch, withScratchDir } from './scratch-dir';
import { SCRATCH_OWNER_FILE } from './scratch-owner';

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

describe('Function: withScratchDir', () => {
  let parentDir: string;
  let remove: () => Promise<void>;
  let emf: ReturnType<typeof captureEmf> | undefined;
  beforeEach(async () => ({ dir: parentDir, remove } = await createTempDir()));
  afterEach(async () => {
    emf?.restore();
    await remove();
  });

  it('passes a fresh private directory to the work and removes it after success', async () => {
    // Prepare
    let seen = '';

    // Act
    const result = await withScratchDir(
      async (dir) => {
        seen = dir;
        await writeFile(join(dir, 'out.txt'), 'done');
        return { mode: (await stat(dir)).mode & 0o777 };
      },
      { parentDir, prefix: 'job-' },
    );

    // Assess
    expect(dirname(seen)).toBe(parentDir);
    expect(seen).toMatch(/\/job-[^/]+$/);
    expect(result.mode).toBe(0o700);
    expect(await exists(seen)).toBe(false);
  });

  it('creates the directory inside the parent even without a prefix', async () => {
    // Prepare
    let seen = '';

    // Act
    await withScratchDir(
      async (dir) => {
        seen = dir;
      },
      { parentDir, prefix: '' },
    );

    // Assess
    expect(dirname(seen)).toBe(parentDir);
  });

  it('removes the directory when the work throws, and rethrows', async () => {
    // Prepare
    let seen = '';

    // Act
    const run = withScratchDir(
      async (dir) => {
        seen = dir;
        await writeFile(join(dir, 'partial.mp4'), 'half');
        throw new Error('encode failed');
      },
      { parentDir },
    );

    // Assess
    await expect(run).rejects.toThrow('encode failed');
    expect(await exists(seen)).toBe(false);
  });

  it('removes the directory when an ffmpeg run inside it is aborted', async () => {
    // Prepare
    const controller = new AbortController();
    let seen = '';

    // Act
    const run = withScratchDir(
      async (dir) => {
        seen = dir;
        setTimeout(() => controller.abort(), 300);
        return runFfmpeg({
          operation: 'endless',
          args: ['-re', '-f', 'lavfi', '-i', 'sine', '-t', '3600', '-y', join(dir, 'tone.wav')],
          signal: controller.signal,
        });
      },
      { parentDir },
    );

    // Assess
    await expect(run).rejects.toThrow(TimeoutError);
    expect(seen).not.toBe('');
    expect(await exists(seen)).toBe(false);
  });

  it('reports the bytes left in the directory as TmpSpaceUsed before removing it', async () => {
    // Prepare
    const observability = makeObservability();
    emf = captureEmf();

    let ownerRecordBytes = 0;

    // Act
    await withScratchDir(
      async (dir) => {
        await mkdir(join(dir, 'segments'));
        await writeFile(join(dir, 'audio.mp3'), Buffer.alloc(3000));
        await writeFile(join(dir, 'segments', 'segment-000.mp3'), Buffer.alloc(1500));
        ownerRecordBytes = (await stat(join(dir, SCRATCH_OWNER_FILE))).size;
      },
      { parentDir, observability, operation: 'extract-audio' },
    );

    // Assess
    expect(emf.metrics()).toEqual([
      expect.objectContaining({
        name: 'TmpSpaceUsed',
        unit: 'Bytes',
        value: 4500 + ownerRecordBytes,
        dimensions: expect.objectContaining({ Operation: 'extract-audio' }),
      }),
    ]);
  });

  it.each([
    [{ prefix: '../escape-' }],
    [{ prefix: '..' }],
    [{ prefix: 'a/b' }],
    [{ parentDir: 'relative' }],
  ])('refuses %j before creating anything', async (options) => {
    // Act & Assess
    await expect(withScratchDir(async () => undefined, { parentDir, ...options })).rejects.toThrow(
      TypeError,
    );
  });
});

describe('Function: measureBytes', () => {
  it('counts nothing for a directory that does not exist', async () => {
    // Act & Assess
    expect(await measureBytes('/nonexistent/reel-scratch')).toBe(0);
  });
});

describe('Function: sweepStaleScratch', () => {
  let parentDir: string;
  let remove: () => Promise<void>;
  beforeEach(async () => ({ dir: parentDir, remove } = await createTempDir()));
  afterEach(async () => remove());

  /** Starts a process that makes a scratch dir with withScratchDir and waits; resolves its dir. */
  async function startScratchOwner() {
    const script = join(parentDir, 'hold-scratch.mts');
    await writeFile(
      script,
      [
        `import { withScratchDir } from ${JSON.stringify(join(import.meta.dirname, 'scratch-dir.ts'))};`,
        // A timer keeps the owner running: a bare never-settling await lets Node exit (code 13).
        `await withScratchDir(async (dir) => { console.log(dir); await new Promise(() => setInterval(() => {}, 60_000)); }, { parentDir: ${JSON.stringify(parentDir)} });`,
      ].join('\n'),
    );
    // One process (node with the tsx loader, no wrapper), so SIGKILL hits the owner itself.
    const child = execa(process.execPath, ['--import', 'tsx', script], {
      cwd: resolve(import.meta.dirname, '..'),
      reject: false,
    });
    const dir = await new Promise<string>((resolveDir, rejectDir) => {
      child.stdout?.once('data', (chunk: Buffer) => resolveDir(chunk.toString().trim()));
      void child.then(({ stderr }) => rejectDir(new Error(`The owner exited: ${String(stderr)}`)));
    });
    return { child, dir };
  }

  it('removes the scratch dir of a process killed with SIGKILL, never a live one or a foreign dir', async () => {
    // Prepare
    const { child, dir: orphan } = await startScratchOwner();
    child.kill('SIGKILL');
    await child;
    const foreign = join(parentDir, 'reel-not-scratch');
    await mkdir(foreign);

    // Act
    const removed = await withScratchDir(
      async (live) => {
        const swept = await sweepStaleScratch({ rootDir: parentDir });
        expect(await exists(live)).toBe(true);
        return swept;
      },
      { parentDir },
    );

    // Assess
    expect(removed).toEqual([orphan]);
    expect(await exists(orphan)).toBe(false);
    expect(await exists(foreign)).toBe(true);
  });

  it('leaves the scratch dir of another process that still runs', async () => {
    // Prepare
    const { child, dir } = await startScratchOwner();

    try {
      // Act
      const removed = await sweepStaleScratch({ rootDir: parentDir });

      // Assess
      expect(removed).toEqual([]);
      expect(await exists(dir)).toBe(true);
    } finally {
      child.kill('SIGKILL');
      await child;
    }
  });

  it('treats a recycled pid (same pid, another start time) as gone', async () => {
    // Prepare: a record naming this very process, but started at another time.
    const dir = join(parentDir, 'reel-recycled');
    await mkdir(dir);
    const record = JSON.parse(await ownerRecordOfThisProcess()) as { startTicks?: string };
    await writeFile(
      join(dir, SCRATCH_OWNER_FILE),
      JSON.stringify({ ...record, startTicks: String(Number(record.startTicks ?? 0) + 1) }),
    );

    // Act
    const removed = await sweepStaleScratch({ rootDir: parentDir });

    // Assess
    expect(removed).toEqual([dir]);
    expect(await readdir(parentDir)).toEqual([]);
  });

  async function ownerRecordOfThisProcess(): Promise<string> {
    return withScratchDir((dir) => readFile(join(dir, SCRATCH_OWNER_FILE), 'utf8'), { parentDir });
  }
});
