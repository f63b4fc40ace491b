import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureJobsTable } from '@reel/jobs-table';
import { startDynalite, type DynaliteHandle } from '@reel/test-servers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClipRecord, ClipRecordStore } from '../src/clip-record';
import { createDynamoClipRecordStore } from '../src/dynamo-clip-record-store';
import { createLocalClipRecordStore } from '../src/local-clip-record-store';

const harnesses: Array<{
  backend: string;
  setup: () => Promise<{ store: ClipRecordStore; teardown: () => Promise<void> }>;
}> = [
  {
    backend: 'local files',
    async setup() {
      const rootDir = await mkdtemp(join(tmpdir(), 'reel-clip-records-'));
      return {
        store: createLocalClipRecordStore({ rootDir }),
        teardown: () => rm(rootDir, { recursive: true, force: true }),
      };
    },
  },
  {
    backend: 'DynamoDB (dynalite)',
    async setup() {
      const dynalite: DynaliteHandle = await startDynalite();
      const tableName = 'reel-test-jobs';
      await ensureJobsTable({ client: dynalite.client, tableName });
      return {
        store: createDynamoClipRecordStore({ tableName, client: dynalite.client }),
        teardown: () => dynalite.close(),
      };
    },
  },
];

const ref = { env: 'dev', tenantId: 'acme', episodeId: 'ep-1', startMs: 1000, endMs: 4000 };
const claim = (token: string, startMs = ref.startMs): ClipRecord => ({
  ...ref,
  startMs,
  endMs: startMs + 3000,
  key: `dev/acme/audio_clips/ep-1/${startMs}-${startMs + 3000}.mp3`,
  status: 'generating',
  token,
  claimedAt: '2026-12-01T10:00:00.000Z',
  claimExpiresAt: '2026-12-01T10:01:00.000Z',
  expiresAt: '2026-12-08T10:00:00.000Z',
});

describe.each(harnesses)('Clip records: $backend', ({ setup }) => {
  let store: ClipRecordStore;
  let teardown: () => Promise<void>;

  beforeAll(async () => {
    ({ store, teardown } = await setup());
  });
  afterAll(() => teardown());

  it('lets exactly one of 50 concurrent claims of one clip win', async () => {
    // Act
    const won = await Promise.all(
      Array.from({ length: 50 }, (_, index) =>
        store.write(claim(`t-${index}`), { expectedToken: undefined }),
      ),
    );

    // Assess
    expect(won.filter(Boolean)).toHaveLength(1);
    const stored = await store.get(ref);
    expect(stored?.token).toBe(`t-${won.indexOf(true)}`);
  });

  it('replaces a record only for the writer naming its token, and removes only with it', async () => {
    // Prepare
    const ready = {
      ...claim('ready-1'),
      status: 'ready' as const,
      readyAt: '2026-12-01T10:00:05.000Z',
      bytes: 48_000,
    };
    const current = (await store.get(ref))?.token;

    // Act
    const stale = await store.write(ready, { expectedToken: 'someone-else' });
    const fresh = await store.write(ready, { expectedToken: current });
    await store.remove(ref, { token: 'someone-else' });
    const afterWrongRemove = await store.get(ref);
    await store.remove(ref, { token: 'ready-1' });

    // Assess
    expect([stale, fresh]).toEqual([false, true]);
    expect(afterWrongRemove).toEqual(ready);
    expect(await store.get(ref)).toBeUndefined();
  });

  it('keeps each (episode, start, end) apart', async () => {
    // Act
    await store.write(claim('a', 0), { expectedToken: undefined });
    await store.write(claim('b', 5000), { expectedToken: undefined });

    // Assess
    expect((await store.get({ ...ref, startMs: 0, endMs: 3000 }))?.token).toBe('a');
    expect((await store.get({ ...ref, startMs: 5000, endMs: 8000 }))?.token).toBe('b');
  });
});
