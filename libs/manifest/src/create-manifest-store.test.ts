import { loadConfig } from '@reel/config';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createManifestStoreFromConfig } from './create-manifest-store';
import { createJobManifest } from './create-job-manifest';

describe('Function: createManifestStoreFromConfig', () => {
  it('keeps manifests under MEDIA_STORAGE_PATH on the local backend', async () => {
    // Prepare
    const rootDir = await mkdtemp(join(tmpdir(), 'reel-manifest-config-'));
    const config = loadConfig({ MEDIA_STORAGE_PATH: rootDir, REEL_ENV: 'dev' });
    const store = createManifestStoreFromConfig(config);
    const manifest = createJobManifest({
      env: 'dev',
      tenantId: 'acme',
      jobId: 'ep-1',
      correlationId: 'c',
      now: new Date(),
      input: { key: 'dev/acme/ep-1/input/source.mp4', bytes: 1, sha256: 'a'.repeat(64) },
    });

    try {
      // Act
      await store.create(manifest);

      // Assess
      const reread = createManifestStoreFromConfig(config);
      expect(await reread.get({ tenantId: 'acme', jobId: 'ep-1' })).toEqual(manifest);
    } finally {
      await rm(rootDir, { recursive: true, force: true });
    }
  });
});
