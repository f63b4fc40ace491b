import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { QueryCommand, ScanCommand } from '@aws-sdk/client-dynamodb';
import { loadConfig } from '@reel/config';
import { ensureJobsTable, jobsTableIndexes } from '@reel/jobs-table';
import { createManifestStoreFromConfig } from '@reel/manifest';
import { startDynalite, type DynaliteHandle } from '@reel/test-servers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDynamoTenantSettingsStore } from '../src/dynamo-tenant-settings-store';
import { createTenantSettingsStoreFromConfig, type TenantSettingsStore } from '../src/index';
import { createLocalTenantSettingsStore } from '../src/local-tenant-settings-store';

describe('Function: createLocalTenantSettingsStore', () => {
  let rootDir: string;
  let store: TenantSettingsStore;

  beforeAll(async () => {
    rootDir = await mkdtemp(join(tmpdir(), 'reel-tenant-layout-'));
    store = createLocalTenantSettingsStore({ rootDir, env: 'dev' });
  });

  afterAll(async () => {
    await rm(rootDir, { recursive: true, force: true });
  });

  it('writes {env}/{tenantId}/tenant-settings.json, which job listings ignore', async () => {
    // Prepare
    const defaults = await store.get('acme');

    // Act
    await store.put({ ...defaults, render: { video: { crf: 19 } } }, { expectedVersion: 0 });
    const text = await readFile(join(rootDir, 'dev', 'acme', 'tenant-settings.json'), 'utf8');
    const manifests = createManifestStoreFromConfig(
      loadConfig({ MEDIA_STORAGE_PATH: rootDir, REEL_ENV: 'dev' }),
    );
    const { jobs } = await manifests.listJobs({ tenantId: 'acme' });

    // Assess
    expect(JSON.parse(text)).toMatchObject({ version: 1, render: { video: { crf: 19 } } });
    expect(jobs).toEqual([]);
  });
});

describe('Function: createDynamoTenantSettingsStore', () => {
  const tableName = 'reel-layout-jobs';
  let dynalite: DynaliteHandle;
  let store: TenantSettingsStore;

  beforeAll(async () => {
    dynalite = await startDynalite();
    await ensureJobsTable({ client: dynalite.client, tableName });
    store = createDynamoTenantSettingsStore({ tableName, env: 'dev', client: dynalite.client });
  });

  afterAll(async () => {
    await dynalite.close();
  });

  it('stores one item keyed {env}/{tenantId}#tenant-settings that no job index holds', async () => {
    // Prepare
    const defaults = await store.get('acme');

    // Act
    await store.put(defaults, { expectedVersion: 0 });
    const { Items: byTenant = [] } = await dynalite.client.send(
      new QueryCommand({
        TableName: tableName,
        IndexName: jobsTableIndexes.byTenant,
        KeyConditionExpression: 'tenantKey = :tenant',
        ExpressionAttributeValues: { ':tenant': { S: 'dev/acme' } },
      }),
    );
    // Without `tenantStatusKey` it is in neither index a job listing reads.
    const { Items: stored = [] } = await dynalite.client.send(
      new ScanCommand({ TableName: tableName }),
    );

    // Assess
    expect((await store.get('acme')).version).toBe(1);
    expect(byTenant).toEqual([]);
    expect(stored.map((item) => item.pk?.S)).toEqual(['dev/acme#tenant-settings']);
    expect(stored[0]).not.toHaveProperty('tenantStatusKey');
  });
});

describe('Function: createTenantSettingsStoreFromConfig', () => {
  it('reads the jobs table named by an aws config through the endpoint, instrumenting its client', async () => {
    // Prepare
    const dynalite = await startDynalite();
    const previous = { ...process.env };
    Object.assign(process.env, { AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test' });
    const instrumented: string[] = [];
    try {
      await ensureJobsTable({ client: dynalite.client, tableName: 'reel-config-jobs' });
      const config = loadConfig({
        REEL_BACKEND: 'aws',
        REEL_ENV: 'dev',
        AWS_REGION: 'us-east-1',
        REEL_BUCKET: 'unused',
        REEL_JOBS_TABLE: 'reel-config-jobs',
        REEL_DYNAMODB_ENDPOINT: dynalite.endpoint,
      });
      const store = createTenantSettingsStoreFromConfig(config, {
        instrumentClient: (client) => {
          instrumented.push((client as object).constructor.name);
          return client;
        },
      });

      // Act
      const written = await store.put(await store.get('acme'), { expectedVersion: 0 });

      // Assess
      expect(written.version).toBe(1);
      expect(instrumented).toEqual(['DynamoDBClient']);
    } finally {
      process.env = previous;
      await dynalite.close();
    }
  });

  it('keeps a local config’s settings under MEDIA_STORAGE_PATH', async () => {
    // Prepare
    const rootDir = await mkdtemp(join(tmpdir(), 'reel-tenant-config-'));
    try {
      const store = createTenantSettingsStoreFromConfig(
        loadConfig({ MEDIA_STORAGE_PATH: rootDir, REEL_ENV: 'qa' }),
      );

      // Act
      await store.put(await store.get('acme'), { expectedVersion: 0 });

      // Assess
      expect(
        JSON.parse(await readFile(join(rootDir, 'qa/acme/tenant-settings.json'), 'utf8')),
      ).toMatchObject({ env: 'qa', version: 1 });
    } finally {
      await rm(rootDir, { recursive: true, force: true });
    }
  });
});
