import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureJobsTable } from '@reel/jobs-table';
import { startDynalite, type DynaliteHandle } from '@reel/test-servers';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const libRoot = join(import.meta.dirname, '..');

/** Runs the probe in a fresh Node process: which `@aws-sdk/*` modules did using one store load? */
async function probe(backend: 'local' | 'dynamodb', target: string) {
  const { stdout } = await execa(
    process.execPath,
    ['--import', 'tsx', join(libRoot, 'tests/support/sdk-import-probe.ts'), backend, target],
    {
      cwd: libRoot,
      env: {
        AWS_ACCESS_KEY_ID: 'test',
        AWS_SECRET_ACCESS_KEY: 'test',
        AWS_EC2_METADATA_DISABLED: 'true',
      },
    },
  );
  return JSON.parse(stdout) as { resolved: string[]; read: 'ok' | 'error' };
}

describe('Tenant settings: the AWS SDK is loaded on first use', () => {
  let scratch: string;
  let dynalite: DynaliteHandle;

  beforeAll(async () => {
    scratch = await mkdtemp(join(tmpdir(), 'reel-tenant-sdk-'));
    dynalite = await startDynalite();
    await ensureJobsTable({ client: dynalite.client, tableName: 'reel-probe-jobs' });
  });
  afterAll(async () => {
    await dynalite.close();
    await rm(scratch, { recursive: true, force: true });
  });

  it('evaluates no AWS SDK module when the local store reads a tenant', async () => {
    // Act
    const { resolved, read } = await probe('local', scratch);

    // Assess
    expect(read).toBe('ok');
    expect(resolved).toEqual([]);
  });

  it('loads the DynamoDB client when the DynamoDB store reads a tenant', async () => {
    // Act
    const { resolved, read } = await probe('dynamodb', dynalite.endpoint);

    // Assess
    expect(read).toBe('ok');
    expect(resolved).toEqual(
      expect.arrayContaining(['@aws-sdk/client-dynamodb', '@aws-sdk/lib-dynamodb']),
    );
  });
});
