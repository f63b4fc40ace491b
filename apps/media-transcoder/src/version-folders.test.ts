import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStorage, type MediaStorage } from '@reel/storage';
import { nextVersion, removeVersion, supersede, versionKey } from './version-folders';

const job = { env: 'dev', tenantId: 'acme', jobId: 'ep-1', correlationId: 'c', runId: 'r1' };

describe('Function: nextVersion', () => {
  it('starts at v1 and goes one above every version the last result names', () => {
    expect(nextVersion(undefined)).toBe('v1');
    expect(
      nextVersion({
        version: 'v3',
        previousVersions: [{ version: 'v9', supersededAt: '2026-01-01T00:00:00.000Z' }],
      }),
    ).toBe('v10');
  });
});

describe('Function: supersede', () => {
  const now = new Date('2026-12-01T12:00:00.000Z');

  it('keeps the superseded version and removes older ones past their retention', () => {
    // Act
    const { kept, expired } = supersede({
      previous: {
        version: 'v3',
        previousVersions: [
          { version: 'v1', supersededAt: '2026-11-20T12:00:00.000Z' },
          { version: 'v2', supersededAt: '2026-11-30T12:00:00.000Z' },
        ],
      },
      now,
      retentionHours: 48,
    });

    // Assess
    expect(expired).toEqual([{ version: 'v1', supersededAt: '2026-11-20T12:00:00.000Z' }]);
    expect(kept).toEqual([
      { version: 'v2', supersededAt: '2026-11-30T12:00:00.000Z' },
      { version: 'v3', supersededAt: now.toISOString() },
    ]);
  });

  it('never removes the version superseded now, even with no retention', () => {
    const { kept, expired } = supersede({
      previous: { version: 'v1', previousVersions: [] },
      now,
      retentionHours: 0,
    });
    expect(expired).toEqual([]);
    expect(kept.map(({ version }) => version)).toEqual(['v1']);
  });
});

describe('Function: removeVersion', () => {
  let rootDir: string;
  let storage: MediaStorage;
  beforeAll(async () => {
    rootDir = await mkdtemp(join(tmpdir(), 'reel-version-folders-'));
    storage = createStorage({ backend: 'local', rootDir });
  });
  afterAll(() => rm(rootDir, { recursive: true, force: true }));

  it('removes one version in every kind and leaves the others', async () => {
    // Prepare
    const keys = [
      versionKey(job, 'renditions/cmaf', 'v1', '240p/seg-00001.m4s'),
      versionKey(job, 'renditions/mp4', 'v1', '240p.mp4'),
      versionKey(job, 'thumbnails', 'v1', 'poster.jpg'),
      versionKey(job, 'renditions/cmaf', 'v10', 'master.m3u8'),
    ];
    for (const key of keys) await storage.putStream({ key, body: Readable.from(['x']) });

    // Act
    const removed = await removeVersion({ job, storage, version: 'v1' });

    // Assess
    expect(removed).toBe(3);
    expect((await storage.list({ prefix: 'dev/acme/ep-1/' })).map(({ key }) => key)).toEqual([
      'dev/acme/ep-1/renditions/cmaf/v10/master.m3u8',
    ]);
  });
});
