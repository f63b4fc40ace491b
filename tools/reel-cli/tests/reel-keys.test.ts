import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApiKeys, createLocalApiKeyStore, hashApiKeySecret } from '@reel/api-keys';
import { ensureJobsTable } from '@reel/jobs-table';
import { startDynalite, type DynaliteHandle } from '@reel/test-servers';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// The CLI as a user runs it: a child process; keys checked through the lib, as the APIs will.
const workspaceRoot = join(import.meta.dirname, '../../..');
const reelBin = join(workspaceRoot, 'node_modules/.bin/reel');
const keyPattern = /reel_dev_([a-z2-7]{12})_[a-z2-7]{52}/;

describe('npx reel keys (local backend)', () => {
  let workDir: string;
  let storageDir: string;

  const reel = (args: string[]) =>
    execa(reelBin, ['keys', ...args], {
      cwd: workDir,
      reject: false,
      env: { MEDIA_STORAGE_PATH: storageDir, REEL_ENV: 'dev' },
    });
  const apiKeys = () =>
    createApiKeys({
      store: createLocalApiKeyStore({ rootDir: storageDir, env: 'dev' }),
      env: 'dev',
    });

  beforeAll(async () => {
    workDir = await mkdtemp(join(tmpdir(), 'reel-cli-keys-'));
    storageDir = join(workDir, 'storage');
  });
  afterAll(async () => {
    await rm(workDir, { recursive: true, force: true });
  });

  it('creates a key that verifies as the tenant, prints it once with a warning, stores only its hash', async () => {
    // Act
    const created = await reel(['create', '--tenant', 'acme', '--name', 'ci']);

    // Assess
    expect(created.exitCode).toBe(0);
    const [secret, keyId] = keyPattern.exec(created.stdout) ?? [];
    expect(secret).toBeDefined();
    expect(created.stdout).toContain(`Created API key ${keyId} for tenant acme in env dev (ci)`);
    expect(created.stdout).toContain(`npx reel keys revoke --tenant acme --key ${keyId}`);
    expect(created.stderr).toContain('only time the key is shown');
    expect(await apiKeys().verifyApiKey(secret)).toEqual({ tenantId: 'acme', keyId });
    const stored = await readFile(join(storageDir, '.reel/api-keys/dev.json'), 'utf8');
    expect(stored).not.toContain(secret as string);
    expect(stored).toContain(hashApiKeySecret(secret as string));
  });

  it('prints a created key as JSON for scripts, the warning kept off stdout', async () => {
    // Act
    const created = await reel(['create', '--tenant', 'scripted', '--json']);

    // Assess
    expect(created.exitCode).toBe(0);
    const document = JSON.parse(created.stdout) as { secret: string; keyId: string };
    expect(document).toMatchObject({ tenantId: 'scripted', keyId: expect.any(String) });
    expect(await apiKeys().verifyApiKey(document.secret)).toMatchObject({ tenantId: 'scripted' });
    expect(created.stderr).toContain('only time the key is shown');
  });

  it('lists the tenant its keys without any secret, and revoking one stops it at once', async () => {
    // Prepare
    const first = await reel(['create', '--tenant', 'rotate', '--name', 'old']);
    const second = await reel(['create', '--tenant', 'rotate', '--name', 'new']);
    const [oldSecret, oldKeyId] = keyPattern.exec(first.stdout) ?? [];
    const [newSecret, newKeyId] = keyPattern.exec(second.stdout) ?? [];

    // Act
    const revoked = await reel(['revoke', '--tenant', 'rotate', '--key', oldKeyId as string]);
    const listed = await reel(['list', '--tenant', 'rotate']);
    const listedJson = await reel(['list', '--tenant', 'rotate', '--json']);

    // Assess
    expect(revoked.exitCode).toBe(0);
    expect(revoked.stdout).toContain(`Revoked API key ${oldKeyId} of tenant rotate`);
    expect(listed.exitCode).toBe(0);
    expect(listed.stdout).toContain('API keys of tenant rotate: 2 (1 active)');
    expect(listed.stdout).toMatch(new RegExp(`${newKeyId}\\s+new\\s+\\S+\\s+active`));
    expect(listed.stdout).toMatch(new RegExp(`${oldKeyId}\\s+old\\s+\\S+\\s+revoked 20`));
    expect(listed.stdout + listedJson.stdout).not.toMatch(/reel_dev_|sha256/i);
    expect((JSON.parse(listedJson.stdout) as unknown[]).length).toBe(2);
    await expect(apiKeys().verifyApiKey(oldSecret)).rejects.toMatchObject({
      code: 'UNAUTHORIZED',
    });
    expect(await apiKeys().verifyApiKey(newSecret)).toMatchObject({ tenantId: 'rotate' });
  });

  it("refuses to revoke another tenant's key as NOT_FOUND (exit 1) and leaves it working", async () => {
    // Prepare
    const created = await reel(['create', '--tenant', 'owner']);
    const [secret, keyId] = keyPattern.exec(created.stdout) ?? [];

    // Act
    const revoke = await reel(['revoke', '--tenant', 'intruder', '--key', keyId as string]);

    // Assess
    expect(revoke.exitCode).toBe(1);
    expect(revoke.stderr).toContain(`NOT_FOUND: Tenant intruder has no API key "${keyId}"`);
    expect(revoke.stderr).toContain('npx reel keys list --tenant intruder');
    expect(await apiKeys().verifyApiKey(secret)).toMatchObject({ tenantId: 'owner' });
  });

  it.each([
    ['no tenant', ['list'], '--tenant ID is required'],
    ['an invalid tenant', ['list', '--tenant', '../etc'], 'is not a valid id'],
    ['revoke without a key', ['revoke', '--tenant', 'usage'], '--key KEY_ID is required'],
    [
      'a whole key as --key',
      ['revoke', '--tenant', 'usage', '--key', `reel_dev_${'a'.repeat(12)}_x`],
      'is not a key id',
    ],
    [
      'a name with a newline',
      ['create', '--tenant', 'usage', '--name', 'a\nb'],
      '--name: Key name',
    ],
    [
      '--name on list',
      ['list', '--tenant', 'usage', '--name', 'x'],
      '--name is for `keys create` only',
    ],
    ['an unknown action', ['rotate', '--tenant', 'usage'], 'Unknown keys action "rotate"'],
    ['an unknown option', ['list', '--tenant', 'usage', '--all'], "Unknown option '--all'"],
  ])('exits 2 with a usage error for %s, storing nothing', async (_label, args, message) => {
    const result = await reel(args);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain(message);
    expect(result.stdout).not.toMatch(keyPattern);
    expect(await apiKeys().listApiKeys('usage')).toEqual([]);
  });

  it('shows its help for --help and help keys, and lists keys in the overview', async () => {
    const help = await reel(['--help']);
    const viaHelp = await execa(reelBin, ['help', 'keys'], { cwd: workDir, reject: false });
    const overview = await execa(reelBin, ['--help'], { cwd: workDir, reject: false });
    expect(help.exitCode).toBe(0);
    expect(help.stdout).toContain('npx reel keys revoke --tenant ID --key KEY_ID');
    expect(viaHelp.stdout).toBe(help.stdout);
    expect(overview.stdout).toMatch(/keys\s+Create, list or revoke a tenant's API keys/);
  });
});

describe('npx reel keys (DynamoDB backend on dynalite)', () => {
  let dynalite: DynaliteHandle;
  let workDir: string;
  const tableName = 'reel-cli-keys';

  const reel = (args: string[]) =>
    execa(reelBin, ['keys', ...args], {
      cwd: workDir,
      reject: false,
      env: {
        REEL_BACKEND: 'aws',
        REEL_ENV: 'dev',
        REEL_BUCKET: 'reel-cli-keys',
        REEL_JOBS_TABLE: tableName,
        REEL_DYNAMODB_ENDPOINT: dynalite.endpoint,
        AWS_REGION: 'us-east-1',
        AWS_ACCESS_KEY_ID: 'test',
        AWS_SECRET_ACCESS_KEY: 'test',
        AWS_EC2_METADATA_DISABLED: 'true',
      },
    });

  beforeAll(async () => {
    dynalite = await startDynalite();
    await ensureJobsTable({ client: dynalite.client, tableName });
    workDir = await mkdtemp(join(tmpdir(), 'reel-cli-keys-aws-'));
  });
  afterAll(async () => {
    await dynalite.close();
    await rm(workDir, { recursive: true, force: true });
  });

  it('creates, lists and revokes a key in the jobs table', async () => {
    // Act
    const created = await reel(['create', '--tenant', 'acme', '--json']);
    const { keyId } = JSON.parse(created.stdout) as { keyId: string };
    const revoked = await reel(['revoke', '--tenant', 'acme', '--key', keyId, '--json']);
    const listed = await reel(['list', '--tenant', 'acme', '--json']);

    // Assess
    expect(created.exitCode).toBe(0);
    expect(revoked.exitCode).toBe(0);
    expect(JSON.parse(listed.stdout)).toEqual([
      {
        keyId,
        tenantId: 'acme',
        createdAt: expect.any(String),
        revokedAt: (JSON.parse(revoked.stdout) as { revokedAt: string }).revokedAt,
      },
    ]);
  });
});
