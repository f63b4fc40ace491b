import { ConflictError } from '@reel/error-taxonomy';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { replaceVersionedFile, type VersionMismatch } from './versioned-file';

describe('Function: replaceVersionedFile', () => {
  let dir: string;
  let path: string;

  const versionOf = (stored: string | undefined): number =>
    stored === undefined ? 0 : (JSON.parse(stored) as { version: number }).version;
  const staleVersionError = ({ expectedVersion, actualVersion }: VersionMismatch) =>
    new ConflictError(`stored at ${actualVersion}, not ${expectedVersion}`);

  const writeFirstVersion = () =>
    replaceVersionedFile({
      path,
      document: { version: 1 },
      expectedVersion: 0,
      versionOf,
      staleVersionError,
    });

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'reel-versioned-file-'));
    path = join(dir, 'tenant', 'doc.json');
  });

  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('creates the folder and writes the document as indented JSON, leaving no lock or temp file', async () => {
    // Act
    const text = await writeFirstVersion();

    // Assess
    expect(text).toBe('{\n  "version": 1\n}\n');
    expect(await readFile(path, 'utf8')).toBe(text);
    expect(await readdir(join(dir, 'tenant'))).toEqual(['doc.json']);
  });

  it('throws the caller’s stale-version error, naming both versions, and leaves the file as it was', async () => {
    // Prepare
    await writeFirstVersion();
    let mismatch: VersionMismatch | undefined;

    // Act
    const write = replaceVersionedFile({
      path,
      document: { version: 1, stale: true },
      expectedVersion: 0,
      versionOf,
      staleVersionError: (seen) => {
        mismatch = seen;
        return staleVersionError(seen);
      },
    });

    // Assess
    await expect(write).rejects.toThrow(new ConflictError('stored at 1, not 0'));
    expect(mismatch).toEqual({ expectedVersion: 0, actualVersion: 1 });
    expect(JSON.parse(await readFile(path, 'utf8'))).toEqual({ version: 1 });
    expect(await readdir(join(dir, 'tenant'))).toEqual(['doc.json']);
  });

  it('hands versionOf the stored text and lets it refuse the file, writing nothing', async () => {
    // Prepare
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, 'not json');
    const seen: (string | undefined)[] = [];

    // Act
    const write = replaceVersionedFile({
      path,
      document: { version: 2 },
      expectedVersion: 1,
      versionOf: (stored) => {
        seen.push(stored);
        throw new ConflictError('damaged');
      },
      staleVersionError,
    });

    // Assess
    await expect(write).rejects.toThrow('damaged');
    expect(seen).toEqual(['not json']);
    expect(await readFile(path, 'utf8')).toBe('not json');
  });

  it('serialises concurrent writers so exactly one of those naming the same version wins', async () => {
    // Act
    const outcomes = await Promise.allSettled(
      Array.from({ length: 10 }, (_, writer) =>
        replaceVersionedFile({
          path,
          document: { version: 1, writer },
          expectedVersion: 0,
          versionOf,
          staleVersionError,
        }),
      ),
    );

    // Assess
    const won = outcomes.filter((outcome) => outcome.status === 'fulfilled');
    const lost = outcomes.filter((outcome) => outcome.status === 'rejected');
    expect(won).toHaveLength(1);
    expect(lost.map((outcome) => (outcome.reason as Error).message)).toEqual(
      Array(9).fill('stored at 1, not 0'),
    );
    expect(await readFile(path, 'utf8')).toBe(won[0]?.value);
  });
});
