import { createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '@reel/config';
import { createJobManifest } from '@reel/manifest';
import { buildJobKey } from '@reel/storage';
import type { JobEventRef } from '../../src/job-event';
import type { LambdaContextLike } from '../../src/lambda-context';
import {
  createServiceDependencies,
  type ServiceDependencies,
} from '../../src/service-dependencies';

/** Local storage and manifests in a temp dir; `cleanup()` removes it. */
export async function createLocalDependencies(): Promise<{
  dir: string;
  dependencies: ServiceDependencies;
  cleanup: () => Promise<void>;
}> {
  const dir = await mkdtemp(join(tmpdir(), 'reel-lambda-kit-test-'));
  const dependencies = createServiceDependencies(
    loadConfig({ MEDIA_STORAGE_PATH: join(dir, 'storage'), REEL_ENV: 'dev', LOG_LEVEL: 'ERROR' }),
    { service: 'lambda-kit-test' },
  );
  return { dir, dependencies, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

/** A job whose input is `content`, stored as `input/<name>`, with a manifest at version 1. */
export async function createJob(
  { storage, manifests }: ServiceDependencies,
  {
    dir,
    jobId,
    content = 'media bytes',
    name = 'clip.mp4',
  }: { dir: string; jobId: string; content?: string; name?: string },
): Promise<JobEventRef> {
  const job = {
    env: 'dev',
    tenantId: 'acme',
    jobId,
    correlationId: `corr-${jobId}`,
    runId: `run-${jobId}`,
  };
  const path = join(dir, `${jobId}-${name}`);
  await writeFile(path, content);
  const key = buildJobKey({ ...job, kind: 'input', name });
  const stored = await storage.putFile({ key, path });
  const sha256 = createHash('sha256').update(content).digest('hex');
  await manifests.create(
    createJobManifest({ ...job, now: new Date(), input: { key, bytes: stored.bytes, sha256 } }),
  );
  // Whoever starts a run takes the lease; every step checks it.
  await manifests.acquireRunLease(job, { runId: job.runId, ttlMs: 60_000 });
  return job;
}

export function lambdaContextWith(remainingTimeMs: number): LambdaContextLike {
  const deadline = Date.now() + remainingTimeMs;
  return { awsRequestId: 'test-request', getRemainingTimeInMillis: () => deadline - Date.now() };
}
