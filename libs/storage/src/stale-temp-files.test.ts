import { mkdir, mkdtemp, readdir, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { removeStaleTempFiles, STALE_TEMP_FILE_AGE_MS } from './stale-temp-files';

describe('Function: removeStaleTempFiles', () => {
  let jobDir: string;
  beforeEach(async () => {
    jobDir = await mkdtemp(join(tmpdir(), 'reel-stale-temp-'));
    await mkdir(join(jobDir, 'input'));
  });
  afterEach(() => rm(jobDir, { recursive: true, force: true }));

  const uuid = '0f8fad5b-d9cb-469f-a165-70867728950e';
  const writeAged = async (path: string, ageMs: number) => {
    await writeFile(path, 'partial');
    const modified = new Date(Date.now() - ageMs);
    await utimes(path, modified, modified);
  };

  it('removes a temp file a killed intake left once it is a few minutes old, and nothing else', async () => {
    // Prepare
    const stale = join(jobDir, 'input', `.source-0123456789abcdef.mp4.${uuid}.tmp`);
    const fresh = join(jobDir, 'input', `.source-fedcba9876543210.mp4.${uuid}.tmp`);
    const object = join(jobDir, 'input', 'source-0123456789abcdef.mp4');
    await writeAged(stale, STALE_TEMP_FILE_AGE_MS + 60_000);
    await writeAged(fresh, 10_000);
    await writeAged(object, STALE_TEMP_FILE_AGE_MS + 60_000);

    // Act
    const removed = await removeStaleTempFiles({ dir: jobDir });

    // Assess
    expect(removed).toEqual([stale]);
    expect((await readdir(join(jobDir, 'input'))).sort()).toEqual(
      [`.source-fedcba9876543210.mp4.${uuid}.tmp`, 'source-0123456789abcdef.mp4'].sort(),
    );
  });

  it('removes nothing from a folder that does not exist', async () => {
    expect(await removeStaleTempFiles({ dir: join(jobDir, 'nope') })).toEqual([]);
  });
});
