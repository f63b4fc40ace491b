import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createTestEnvironment, testBackends } from './test-environment';

describe.each(testBackends)('Function: createTestEnvironment (%s backend)', (backend) => {
  it('creates queued jobs in a throwaway store and restores TMPDIR on cleanup', async () => {
    // Prepare
    const tmpdirBefore = process.env.TMPDIR;
    const environment = await createTestEnvironment({ name: 'test-jobs', backend });
    const input = join(environment.fixturesDir, 'input.mp4');
    await writeFile(input, 'bytes');

    // Act
    const job = await environment.createJob('job-1', input);

    // Assess
    const manifest = await environment.dependencies.manifests.get(job);
    const stored = await environment.dependencies.storage.list({ prefix: 'dev/acme/job-1/input/' });
    expect(environment.dependencies.config.backend).toBe(backend);
    expect(manifest).toMatchObject({ status: 'queued', input: { bytes: 5 } });
    expect(stored.map(({ key }) => key)).toEqual([manifest?.input?.key]);
    expect(await environment.dependencies.manifests.getRunLease(job)).toMatchObject({
      runId: job.runId,
    });
    expect(process.env.TMPDIR).not.toBe(tmpdirBefore);
    expect(await environment.scratchLeft()).toEqual([]);
    await environment.cleanup();
    expect(process.env.TMPDIR).toBe(tmpdirBefore);
  });
});

describe('Function: createTestEnvironment (aws backend)', () => {
  it('points the SDK at fake credentials on loopback only while it lives', async () => {
    // Prepare
    const keyBefore = process.env.AWS_ACCESS_KEY_ID;

    // Act
    const environment = await createTestEnvironment({ name: 'test-jobs', backend: 'aws' });
    const { config } = environment.dependencies;
    const during = {
      key: process.env.AWS_ACCESS_KEY_ID,
      metadata: process.env.AWS_EC2_METADATA_DISABLED,
    };
    await environment.cleanup();

    // Assess
    expect(config.backend === 'aws' && new URL(config.s3Endpoint ?? '').hostname).toBe('127.0.0.1');
    expect(config.backend === 'aws' && new URL(config.dynamoDbEndpoint ?? '').hostname).toBe(
      '127.0.0.1',
    );
    expect(during).toEqual({ key: 'S3RVER', metadata: 'true' });
    expect(process.env.AWS_ACCESS_KEY_ID).toBe(keyBefore);
  });
});
