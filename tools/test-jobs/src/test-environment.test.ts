import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createTestEnvironment } from './test-environment';

describe('Function: createTestEnvironment', () => {
  it('creates queued jobs in a temp store and restores TMPDIR on cleanup', async () => {
    // Prepare
    const tmpdirBefore = process.env.TMPDIR;
    const environment = await createTestEnvironment({ name: 'test-jobs' });
    const input = join(environment.fixturesDir, 'input.mp4');
    await writeFile(input, 'bytes');

    // Act
    const job = await environment.createJob('job-1', input);

    // Assess
    const manifest = await environment.dependencies.manifests.get(job);
    expect(manifest).toMatchObject({ status: 'queued', input: { bytes: 5 } });
    expect(process.env.TMPDIR).not.toBe(tmpdirBefore);
    expect(await environment.scratchLeft()).toEqual([]);
    await environment.cleanup();
    expect(process.env.TMPDIR).toBe(tmpdirBefore);
  });
});
