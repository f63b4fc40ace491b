import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLocalManifestStore } from '@reel/manifest';
import { createStorage } from '@reel/storage';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { intakeFile } from './job-intake';

describe('Function: intakeFile', () => {
  let rootDir: string;
  let source: string;
  beforeEach(async () => {
    rootDir = await mkdtemp(join(tmpdir(), 'reel-intake-'));
    source = join(rootDir, 'My Talk.MP4');
    await writeFile(source, 'not really media, but intake does not care');
  });
  afterEach(() => rm(rootDir, { recursive: true, force: true }));

  const dependencies = () => ({
    storage: createStorage({ backend: 'local', rootDir: join(rootDir, 'storage') }),
    manifests: createLocalManifestStore({ rootDir: join(rootDir, 'storage'), env: 'dev' }),
  });

  it('stores the input under the job and creates a queued manifest with its sha256', async () => {
    // Act
    const { manifest, created } = await intakeFile({
      ...dependencies(),
      env: 'dev',
      tenantId: 'acme',
      jobId: 'ep-1',
      correlationId: 'c',
      filePath: source,
    });

    // Assess
    const bytes = await readFile(source);
    expect(created).toBe(true);
    expect(manifest).toMatchObject({
      status: 'queued',
      version: 1,
      input: {
        key: 'dev/acme/ep-1/input/source.mp4',
        bytes: bytes.length,
        sha256: createHash('sha256').update(bytes).digest('hex'),
        contentType: 'video/mp4',
      },
    });
    expect(await readFile(join(rootDir, 'storage/dev/acme/ep-1/input/source.mp4'))).toEqual(bytes);
  });

  it('returns the existing job for the same bytes without uploading again', async () => {
    const options = {
      ...dependencies(),
      env: 'dev',
      tenantId: 'acme',
      jobId: 'ep-1',
      correlationId: 'c',
      filePath: source,
    };
    await intakeFile(options);

    const second = await intakeFile(options);

    expect(second.created).toBe(false);
    expect(second.manifest.version).toBe(1);
  });

  it('refuses the same job id with different bytes', async () => {
    const options = {
      ...dependencies(),
      env: 'dev',
      tenantId: 'acme',
      jobId: 'ep-1',
      correlationId: 'c',
      filePath: source,
    };
    await intakeFile(options);
    const other = join(rootDir, 'other.mp4');
    await writeFile(other, 'different bytes');

    await expect(intakeFile({ ...options, filePath: other })).rejects.toMatchObject({
      code: 'INVALID_REQUEST',
    });
  });

  it('reports a missing file as InputMissing before creating anything', async () => {
    const deps = dependencies();
    await expect(
      intakeFile({
        ...deps,
        env: 'dev',
        tenantId: 'acme',
        jobId: 'ep-2',
        correlationId: 'c',
        filePath: join(rootDir, 'nope.mp4'),
      }),
    ).rejects.toMatchObject({ code: 'INPUT_MISSING' });
    expect(await deps.manifests.get({ tenantId: 'acme', jobId: 'ep-2' })).toBeUndefined();
  });
});
