import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CorruptInputError, InputMissingError } from '@reel/error-taxonomy';
import { requireJobInput } from '@reel/manifest';
import { createJob, createLocalDependencies } from '../tests/support/local-job';
import { fetchJobInput } from './fetch-job-input';
import type { ServiceDependencies } from './service-dependencies';

describe('Function: fetchJobInput', () => {
  let dir: string;
  let scratchDir: string;
  let dependencies: ServiceDependencies;
  let cleanup: () => Promise<void>;
  beforeEach(async () => {
    ({ dir, dependencies, cleanup } = await createLocalDependencies());
    scratchDir = join(dir, 'scratch');
    await mkdir(scratchDir);
  });
  afterEach(async () => cleanup());

  const inputOf = async (jobId: string) =>
    requireJobInput((await dependencies.manifests.get({ tenantId: 'acme', jobId }))!);

  it('downloads the input into the scratch dir as input.<ext>', async () => {
    // Prepare
    await createJob(dependencies, { dir, jobId: 'talk', content: 'the upload', name: 'talk.m4a' });

    // Act
    const path = await fetchJobInput({
      storage: dependencies.storage,
      input: await inputOf('talk'),
      scratchDir,
    });

    // Assess
    expect(path).toBe(join(scratchDir, 'input.m4a'));
    expect(await readFile(path, 'utf8')).toBe('the upload');
  });

  it('leaves out an extension that is not plain letters and digits', async () => {
    // Prepare
    await createJob(dependencies, { dir, jobId: 'odd-name', name: 'talk.mp4-v2' });

    // Act
    const path = await fetchJobInput({
      storage: dependencies.storage,
      input: await inputOf('odd-name'),
      scratchDir,
    });

    // Assess
    expect(path).toBe(join(scratchDir, 'input'));
  });

  it('refuses bytes whose SHA-256 is not the one the job was created with', async () => {
    // Prepare
    await createJob(dependencies, { dir, jobId: 'replaced' });
    const input = { ...(await inputOf('replaced')), sha256: 'f'.repeat(64) };

    // Act
    const failure = await fetchJobInput({ storage: dependencies.storage, input, scratchDir }).catch(
      (error: unknown) => error,
    );

    // Assess
    expect(failure).toBeInstanceOf(CorruptInputError);
    expect(failure).toMatchObject({ details: { expectedSha256: 'f'.repeat(64), key: input.key } });
  });

  it('reports an input object that is gone as InputMissingError', async () => {
    // Prepare
    await createJob(dependencies, { dir, jobId: 'deleted' });
    const input = await inputOf('deleted');
    await dependencies.storage.delete({ key: input.key });

    // Act
    const failure = await fetchJobInput({ storage: dependencies.storage, input, scratchDir }).catch(
      (error: unknown) => error,
    );

    // Assess
    expect(failure).toBeInstanceOf(InputMissingError);
  });
});
