import { InternalError } from '@reel/error-taxonomy';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MANIFEST_SCHEMA_VERSION } from './job-manifest-schema';
import { migrateManifest } from './manifest-migrations';
import { parseStoredManifest } from './manifest-validation';

const v1Path = resolve(import.meta.dirname, '../tests/fixtures/manifest-v1.json');
const v2Path = resolve(import.meta.dirname, '../tests/fixtures/manifest-v2.json');

describe('Function: migrateManifest', () => {
  it('upgrades a stored v1 manifest to the current layout, naming the input after its key', async () => {
    // Prepare
    const stored: unknown = JSON.parse(await readFile(v1Path, 'utf8'));

    // Act
    const upgraded = parseStoredManifest(stored, { source: v1Path });

    // Assess
    expect(MANIFEST_SCHEMA_VERSION).toBe(3);
    expect(upgraded.schemaVersion).toBe(MANIFEST_SCHEMA_VERSION);
    expect(upgraded.input?.fileName).toBe('source.mp4');
    expect(upgraded).toMatchObject({
      version: 7,
      status: 'failed',
      steps: { 'audio-extraction': { status: 'failed', error: { code: 'TIMEOUT' } } },
    });
  });

  it('upgrades a stored v2 manifest to v3 unchanged otherwise: no title, upload or run number', async () => {
    // Prepare
    const stored = JSON.parse(await readFile(v2Path, 'utf8')) as Record<string, unknown>;

    // Act
    const upgraded = parseStoredManifest(stored, { source: v2Path });

    // Assess
    expect(upgraded).toEqual({ ...stored, schemaVersion: 3 });
    expect(upgraded.run).toEqual({
      runId: 'run-20250601090000-a1b2c3',
      startedAt: '2025-06-01T09:00:00.500Z',
    });
  });

  it('refuses a v2 manifest without an input (every layout before 3 had one) as damaged', async () => {
    const stored = JSON.parse(await readFile(v2Path, 'utf8')) as Record<string, unknown>;
    delete stored['input'];
    expect(() => parseStoredManifest(stored, { source: v2Path })).toThrow(InternalError);
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
