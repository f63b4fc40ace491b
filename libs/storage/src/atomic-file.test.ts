import { mkdtemp, open, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { TEMP_FILE_PATTERN, writeFileAtomically } from './atomic-file';

describe('Function: writeFileAtomically', () => {
  let folder: string;

  beforeEach(async () => {
    folder = await mkdtemp(join(tmpdir(), 'reel-atomic-'));
  });

  afterEach(async () => {
    await rm(folder, { recursive: true, force: true });
  });

  it('writes the bytes and reports how many', async () => {
    // Act
    const written = await writeFileAtomically({
      path: join(folder, 'out.bin'),
      body: Readable.from([Buffer.from('abc'), Buffer.from('def')]),
    });

    // Assess
    expect(written).toEqual({ bytes: 6 });
    expect(await readdir(folder)).toEqual(['out.bin']);
  });

  it.each([
    [{}, 1],
    [{ flush: true }, 1],
    [{ flush: false }, 0],
  ])(
    'flushes the bytes to the disk before the rename unless told not to (%o)',
    async (options, syncs) => {
      // Prepare
      const probe = await open(join(folder, 'probe'), 'w');
      const fileHandlePrototype = Object.getPrototypeOf(probe) as { sync: () => Promise<void> };
      await probe.close();
      const sync = vi.spyOn(fileHandlePrototype, 'sync');

      try {
        // Act
        await writeFileAtomically({
          path: join(folder, 'out.bin'),
          body: Readable.from([Buffer.from('abc')]),
          ...options,
        });

        // Assess
        expect(sync).toHaveBeenCalledTimes(syncs);
        expect(await readFile(join(folder, 'out.bin'), 'utf8')).toBe('abc');
      } finally {
        sync.mockRestore();
      }
    },
  );

  it('keeps the old file whole when a check before the rename fails', async () => {
    // Prepare
    const path = join(folder, 'out.bin');
    await writeFile(path, 'old');
    const seenTempFiles: string[] = [];

    // Act
    const write = writeFileAtomically({
      path,
      body: Readable.from([Buffer.from('truncated')]),
      beforeRename: async () => {
        seenTempFiles.push(
          ...(await readdir(folder)).filter((name) => TEMP_FILE_PATTERN.test(name)),
        );
        throw new Error('size mismatch');
      },
    });

    // Assess
    await expect(write).rejects.toThrow('size mismatch');
    expect(seenTempFiles).toHaveLength(1);
    expect(await readFile(path, 'utf8')).toBe('old');
    expect(await readdir(folder)).toEqual(['out.bin']);
  });

  it('destroys the body and leaves no file when the folder is missing', async () => {
    // Prepare
    const body = Readable.from([Buffer.from('x')]);

    // Act
    const write = writeFileAtomically({ path: join(folder, 'missing', 'out.bin'), body });

    // Assess
    await expect(write).rejects.toMatchObject({ code: 'ENOENT' });
    expect(body.destroyed).toBe(true);
    expect(await readdir(folder)).toEqual([]);
  });
});
