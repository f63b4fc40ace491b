import { CancelledError } from '@reel/error-taxonomy';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createJobManifest } from './create-job-manifest';
import { failRun } from './fail-run';
import { createLocalManifestStore } from './local-manifest-store';
import type { ManifestStore } from './manifest-store';
import { startRun } from './start-run';
import { updateManifest } from './update-manifest';

const ref = { tenantId: 'acme', jobId: 'ep-42' };
const cancelled = new CancelledError('Run r-1 was cancelled on request');

describe('Function: failRun', () => {
  let rootDir: string;
  let store: ManifestStore;

  beforeEach(async () => {
    rootDir = await mkdtemp(join(tmpdir(), 'reel-fail-run-'));
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
    await store.acquireRunLease(ref, { runId: 'r-1', ttlMs: 60_000 });
    await updateManifest(store, ref, (draft) => startRun(draft, { runId: 'r-1', now: new Date() }));
  });

  afterEach(async () => {
    await rm(rootDir, { recursive: true, force: true });
  });

  it('fails the job of the run with the typed error and frees the lease', async () => {
    // Act
    const failed = await failRun(store, ref, {
      runId: 'r-1',
      error: cancelled,
      statuses: ['queued', 'processing'],
    });

    // Assess
    expect(failed).toMatchObject({ status: 'failed', error: { code: 'CANCELLED' } });
    await expect(
      store.acquireRunLease(ref, { runId: 'r-2', ttlMs: 60_000 }),
    ).resolves.not.toThrow();
  });

  it('leaves the job of another run, or in a status not named, as it is', async () => {
    // Act
    const otherRun = await failRun(store, ref, {
      runId: 'r-0',
      error: cancelled,
      statuses: ['queued'],
    });
    const otherStatus = await failRun(store, ref, {
      runId: 'r-1',
      error: cancelled,
      statuses: ['processing'],
    });

    // Assess
    expect(otherRun.status).toBe('queued');
    expect(otherStatus.status).toBe('queued');
    expect(otherStatus.error).toBeUndefined();
  });
});
