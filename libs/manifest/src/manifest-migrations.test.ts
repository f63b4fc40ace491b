import { InternalError } from '@reel/error-taxonomy';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MANIFEST_SCHEMA_VERSION } from './job-manifest-schema';
import { migrateManifest } from './manifest-migrations';
import { parseStoredManifest } from './manifest-validation';

const v1Path = resolve(import.meta.dirname, '../tests/fixtures/manifest-v1.json');

describe('Function: migrateManifest', () => {
  it('upgrades a stored v1 manifest to the current layout, naming the input after its key', async () => {
    // Prepare
    const stored: unknown = JSON.parse(await readFile(v1Path, 'utf8'));

    // Act
    const upgraded = parseStoredManifest(stored, { source: v1Path });

    // Assess
    expect(MANIFEST_SCHEMA_VERSION).toBe(2);
    expect(upgraded.schemaVersion).toBe(MANIFEST_SCHEMA_VERSION);
    expect(upgraded.input.fileName).toBe('source.mp4');
    expect(upgraded).toMatchObject({
      version: 7,
      status: 'failed',
      steps: { 'audio-extraction': { status: 'failed', error: { code: 'TIMEOUT' } } },
    });
  });

  it('leaves its argument untouched', async () => {
    const stored: unknown = JSON.parse(await readFile(v1Path, 'utf8'));
    const before = structuredClone(stored);
    migrateManifest(stored);
    expect(stored).toEqual(before);
  });

  it('refuses a manifest from a newer reel with InternalError saying so', () => {
    expect(() =>
      parseStoredManifest({ schemaVersion: MANIFEST_SCHEMA_VERSION + 1 }, { source: 'x.json' }),
    ).toThrow(InternalError);
    expect(() =>
      parseStoredManifest({ schemaVersion: MANIFEST_SCHEMA_VERSION + 1 }, { source: 'x.json' }),
    ).toThrow(/written by a newer reel/);
  });
});
