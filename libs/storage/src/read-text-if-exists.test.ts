import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readTextIfExists } from './read-text-if-exists';

describe('Function: readTextIfExists', () => {
  let directory: string;

  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), 'reel-read-text-'));
  });
  afterAll(async () => {
    await rm(directory, { recursive: true, force: true });
  });

  it('reads a file as UTF-8 text', async () => {
    // Prepare
    await writeFile(join(directory, 'doc.json'), '{"tenant":"ä"}');

    // Act
    const text = await readTextIfExists(join(directory, 'doc.json'));

    // Assess
    expect(text).toBe('{"tenant":"ä"}');
  });

  it('answers undefined for a file that does not exist', async () => {
    // Act
    const text = await readTextIfExists(join(directory, 'missing.json'));

    // Assess
    expect(text).toBeUndefined();
  });

  it('turns other failures into typed errors (a folder is not a document)', async () => {
    // Act
    const read = readTextIfExists(directory);

    // Assess
    await expect(read).rejects.toMatchObject({
      code: expect.any(String),
      retryable: expect.any(Boolean),
    });
    await expect(read).rejects.not.toMatchObject({ code: 'EISDIR' });
  });
});
