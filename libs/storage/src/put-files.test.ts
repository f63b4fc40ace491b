import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createStorage } from './create-storage';
import { putFiles } from './put-files';

describe('Function: putFiles', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'reel-put-files-'));
    await writeFile(join(dir, 'a.txt'), 'a');
    await writeFile(join(dir, 'b.txt'), 'bb');
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  const keyOf = (name: string) => `dev/acme/job-1/audio/${name}`;

  it('stores every file and returns them in order', async () => {
    // Prepare
    const storage = createStorage({ backend: 'local', rootDir: join(dir, 'store') });

    // Act
    const stored = await putFiles({
      storage,
      files: [
        { key: keyOf('a.txt'), path: join(dir, 'a.txt') },
        { key: keyOf('b.txt'), path: join(dir, 'b.txt') },
      ],
    });

    // Assess
    expect(stored.map(({ key, bytes }) => [key, bytes])).toEqual([
      [keyOf('a.txt'), 1],
      [keyOf('b.txt'), 2],
    ]);
  });

  it('removes what it stored when one upload fails, and rethrows that failure', async () => {
    // Prepare: the second file does not exist.
    const storage = createStorage({ backend: 'local', rootDir: join(dir, 'store') });

    // Act
    const attempt = putFiles({
      storage,
      concurrency: 2,
      files: [
        { key: keyOf('a.txt'), path: join(dir, 'a.txt') },
        { key: keyOf('missing.txt'), path: join(dir, 'missing.txt') },
        { key: keyOf('b.txt'), path: join(dir, 'b.txt') },
      ],
    });

    // Assess
    await expect(attempt).rejects.toMatchObject({ code: 'INPUT_MISSING' });
    expect(await storage.list({ prefix: 'dev/acme/job-1/' })).toEqual([]);
  });
});
