import { ConflictError, InputMissingError, InvalidRequestError } from '@reel/error-taxonomy';
import { createRetryPolicy } from '@reel/retry-policy';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createJobManifest } from './create-job-manifest';
import { createLocalManifestStore } from './local-manifest-store';
import type { ManifestStore } from './manifest-store';
import { updateManifest } from './update-manifest';

const ref = { tenantId: 'acme', jobId: 'ep-42' };
const fastPolicy = createRetryPolicy({ maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 1 });

describe('Function: updateManifest', () => {
  let rootDir: string;
  let store: ManifestStore;

  beforeEach(async () => {
    rootDir = await mkdtemp(join(tmpdir(), 'reel-update-manifest-'));
    store = createLocalManifestStore({ rootDir, env: 'dev' });
    await store.create(
      createJobManifest({
        env: 'dev',
        ...ref,
        correlationId: 'req-1',
        now: new Date('2025-01-01T00:00:00.000Z'),
        input: { key: 'dev/acme/ep-42/input/talk.mp4', bytes: 10, sha256: 'c'.repeat(64) },
      }),
    );
  });

  afterEach(async () => {
    await rm(rootDir, { recursive: true, force: true });
  });

  it('applies a mutation of the draft and writes the next version', async () => {
    const updated = await updateManifest(store, ref, (draft) => {
      draft.status = 'queued';
    });
    expect(updated).toMatchObject({ version: 2, status: 'queued' });
    expect(await store.get(ref)).toEqual(updated);
  });

  it('writes the manifest the mutation returns', async () => {
    const updated = await updateManifest(store, ref, async (draft) => ({
      ...draft,
      status: 'processing',
    }));
    expect(updated.status).toBe('processing');
  });

  it('re-reads and applies the mutation again after losing a race', async () => {
    // Prepare: a competing writer gets in between the first read and its write.
    const seenVersions: number[] = [];
    const retries: number[] = [];

    // Act
    const updated = await updateManifest(
      store,
      ref,
      async (draft) => {
        seenVersions.push(draft.version);
        if (seenVersions.length === 1) {
          await store.put(
            { ...draft, correlationId: 'competitor' },
            { expectedVersion: draft.version },
          );
        }
        draft.status = 'queued';
      },
      { policy: fastPolicy, onRetry: ({ attempt }) => retries.push(attempt) },
    );

    // Assess
    expect(seenVersions).toEqual([1, 2]);
    expect(retries).toEqual([1]);
    expect(updated).toMatchObject({ version: 3, status: 'queued', correlationId: 'competitor' });
  });

  it('gives up with ConflictError when every try loses', async () => {
    const alwaysRaced = updateManifest(
      store,
      ref,
      async (draft) => {
        await store.put({ ...draft }, { expectedVersion: draft.version });
      },
      { policy: fastPolicy },
    );
    await expect(alwaysRaced).rejects.toBeInstanceOf(ConflictError);
    expect((await store.get(ref))?.version).toBe(4);
  });

  it('fails with InputMissingError for a job that does not exist', async () => {
    const update = updateManifest(store, { tenantId: 'acme', jobId: 'ghost' }, (draft) => draft);
    await expect(update).rejects.toBeInstanceOf(InputMissingError);
  });

  it('refuses a mutation that changes the job id', async () => {
    const update = updateManifest(store, ref, (draft) => {
      draft.jobId = 'other-job';
    });
    await expect(update).rejects.toBeInstanceOf(InvalidRequestError);
    expect(await store.get({ tenantId: 'acme', jobId: 'other-job' })).toBeUndefined();
  });
});
