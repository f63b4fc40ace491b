import { mkdir, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TimeoutError } from '@reel/error-taxonomy';
import { createTempDir } from '../tests/support/media-fixtures';
import { captureEmf, makeObservability } from '../tests/support/observability';
import { runFfmpeg } from './run-ffmpeg';
import { measureBytes, withScratchDir } from './scratch-dir';

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

    // Act
    await withScratchDir(
      async (dir) => {
        await mkdir(join(dir, 'segments'));
        await writeFile(join(dir, 'audio.mp3'), Buffer.alloc(3000));
        await writeFile(join(dir, 'segments', 'segment-000.mp3'), Buffer.alloc(1500));
      },
      { parentDir, observability, operation: 'extract-audio' },
    );

    // Assess
    expect(emf.metrics()).toEqual([
      expect.objectContaining({
        name: 'TmpSpaceUsed',
        unit: 'Bytes',
        value: 4500,
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
