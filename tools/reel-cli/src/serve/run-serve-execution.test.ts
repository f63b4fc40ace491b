import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '@reel/config';
import {
  createJobManifest,
  createManifestStoreFromConfig,
  startRun,
  updateManifest,
  type ManifestStore,
} from '@reel/manifest';
import type { ProcessingExecutionInput } from '@reel/workflow';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { failAbandonedRun } from './run-serve-execution';

const ref = { tenantId: 'acme', jobId: 'video-1' };
const inputOf = (runId: string): ProcessingExecutionInput => ({
  job: { env: 'dev', ...ref, correlationId: 'c-1', runId },
  options: {},
  resumeFrom: 'validate',
});

describe('Function: failAbandonedRun', () => {
  let rootDir: string;
  let manifests: ManifestStore;

  beforeEach(async () => {
    rootDir = await mkdtemp(join(tmpdir(), 'reel-abandoned-'));
    manifests = createManifestStoreFromConfig(
      loadConfig({ REEL_ENV: 'dev', MEDIA_STORAGE_PATH: rootDir }, { cwd: rootDir }),
    );
    await manifests.create(
      createJobManifest({
        env: 'dev',
        ...ref,
        correlationId: 'c-1',
        title: 'A video',
        now: new Date('2026-12-01T10:00:00Z'),
      }),
    );
  });

  afterEach(async () => {
    await rm(rootDir, { recursive: true, force: true });
  });

  async function processingRun(runId: string) {
    await manifests.acquireRunLease(ref, { runId, ttlMs: 3_600_000 });
    await updateManifest(manifests, ref, (draft) => {
      Object.assign(draft, startRun(draft, { runId, now: new Date() }));
      draft.status = 'processing';
    });
  }

  it('marks the run’s video failed with CANCELLED and frees its lease for the next run', async () => {
    // Prepare
    await processingRun('jabc-r1');

    // Act
    await failAbandonedRun(manifests, { executionName: 'jabc-r1', input: inputOf('jabc-r1') });

    // Assess
    const manifest = await manifests.get(ref);
    expect(manifest?.status).toBe('failed');
    expect(manifest?.error?.code).toBe('CANCELLED');
    expect(manifest?.error?.message).toContain('reel serve stopped while run jabc-r1');
    await expect(
      manifests.acquireRunLease(ref, { runId: 'jabc-r2', ttlMs: 60_000 }),
    ).resolves.not.toThrow();
  });

  it('leaves the video of a newer run as it is', async () => {
    // Prepare
    await processingRun('jabc-r2');

    // Act
    await failAbandonedRun(manifests, { executionName: 'jabc-r1', input: inputOf('jabc-r1') });

    // Assess
    const manifest = await manifests.get(ref);
    expect(manifest?.status).toBe('processing');
    expect(manifest?.run?.runId).toBe('jabc-r2');
    await expect(
      manifests.acquireRunLease(ref, { runId: 'jabc-r3', ttlMs: 60_000 }),
    ).rejects.toThrow(/jabc-r2/);
  });
});
