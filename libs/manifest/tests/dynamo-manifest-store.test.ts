import { DynamoDBDocumentClient, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { InternalError, InvalidRequestError } from '@reel/error-taxonomy';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createDynamoManifestStore } from '../src/dynamo-manifest-store';
import type { ManifestStore } from '../src/manifest-store';
import { ensureJobsTable, jobsTableIndexes } from '@reel/jobs-table';
import { startDynalite, type DynaliteHandle } from '@reel/test-servers';
import { sampleManifest } from './support/sample-manifest';

const tableName = 'reel-test-jobs';

describe('Function: createDynamoManifestStore', () => {
  let dynalite: DynaliteHandle;
  let documentClient: DynamoDBDocumentClient;
  let store: ManifestStore;

  beforeAll(async () => {
    dynalite = await startDynalite();
    await ensureJobsTable({ client: dynalite.client, tableName });
    documentClient = DynamoDBDocumentClient.from(dynalite.client);
    store = createDynamoManifestStore({ tableName, env: 'test', client: documentClient });
  });

  afterAll(async () => {
    await dynalite.close();
  });

  it('stores one item per job with the index attributes next to the manifest document', async () => {
    // Prepare
    const created = await store.create(sampleManifest({ tenantId: 'layout', jobId: 'ep-1' }));

    // Act
    await store.put({ ...created, status: 'processing' }, { expectedVersion: 1 });
    const { Item: item } = await documentClient.send(
      new GetCommand({ TableName: tableName, Key: { pk: 'test/layout/ep-1' } }),
    );

    // Assess
    expect(item).toMatchObject({
      pk: 'test/layout/ep-1',
      tenantKey: 'test/layout',
      tenantStatusKey: 'test/layout#processing',
      createdAt: created.createdAt,
      version: 2,
      status: 'processing',
      manifest: { jobId: 'ep-1', version: 2, status: 'processing', input: created.input },
    });
    expect(Object.values(jobsTableIndexes)).toEqual([
      'tenant-createdAt',
      'tenant-status-createdAt',
    ]);
  });

  describe('a damaged item', () => {
    it('whose document fails the schema is InternalError naming the item and the field', async () => {
      // Prepare
      await store.create(sampleManifest({ tenantId: 'damaged', jobId: 'ep-1' }));
      await documentClient.send(
        new UpdateCommand({
          TableName: tableName,
          Key: { pk: 'test/damaged/ep-1' },
          UpdateExpression: 'SET #manifest.#input.#bytes = :bytes',
          ExpressionAttributeNames: {
            '#manifest': 'manifest',
            '#input': 'input',
            '#bytes': 'bytes',
          },
          ExpressionAttributeValues: { ':bytes': 'lots' },
        }),
      );

      // Act
      const read = store.get({ tenantId: 'damaged', jobId: 'ep-1' });

      // Assess
      await expect(read).rejects.toBeInstanceOf(InternalError);
      await expect(read).rejects.toThrow(
        `Manifest dynamodb://${tableName}/test/damaged/ep-1 is damaged at input.bytes`,
      );
    });

    it('whose version disagrees with its document is InternalError naming version', async () => {
      // Prepare
      await store.create(sampleManifest({ tenantId: 'damaged', jobId: 'ep-2' }));
      await documentClient.send(
        new UpdateCommand({
          TableName: tableName,
          Key: { pk: 'test/damaged/ep-2' },
          UpdateExpression: 'SET #version = :version',
          ExpressionAttributeNames: { '#version': 'version' },
          ExpressionAttributeValues: { ':version': 7 },
        }),
      );

      // Act
      const read = store.get({ tenantId: 'damaged', jobId: 'ep-2' });

      // Assess
      await expect(read).rejects.toMatchObject({
        name: 'InternalError',
        details: { fieldPath: 'version' },
      });
    });
  });

  it('rejects a cursor from another tenant’s listing', async () => {
    // Prepare
    for (const jobId of ['ep-1', 'ep-2']) {
      await store.create(sampleManifest({ tenantId: 'cursor-owner', jobId }));
    }
    const { nextCursor } = await store.listJobs({ tenantId: 'cursor-owner', limit: 1 });

    // Act
    const borrowed = store.listJobs({ tenantId: 'cursor-thief', limit: 1, cursor: nextCursor });

    // Assess
    expect(nextCursor).toBeDefined();
    await expect(borrowed).rejects.toBeInstanceOf(InvalidRequestError);
  });

  it('keeps the run lease in an item of its own, outside both indexes', async () => {
    // Prepare
    const ref = { tenantId: 'lease-layout', jobId: 'ep-1' };
    await store.create(sampleManifest(ref));

    // Act
    const lease = await store.acquireRunLease(ref, { runId: 'run-a', ttlMs: 60_000 });
    const { Item: item } = await documentClient.send(
      new GetCommand({ TableName: tableName, Key: { pk: 'test/lease-layout/ep-1#run-lease' } }),
    );
    const listed = await store.listJobs({ tenantId: 'lease-layout' });

    // Assess
    expect(item).toEqual({ pk: 'test/lease-layout/ep-1#run-lease', ...lease });
    expect(listed.jobs.map((job) => job.jobId)).toEqual(['ep-1']);
  });

  it('refuses an invalid env or table name at construction', () => {
    expect(() => createDynamoManifestStore({ tableName, env: 'Prod!' })).toThrow(TypeError);
    expect(() => createDynamoManifestStore({ tableName: '', env: 'test' })).toThrow(TypeError);
  });

  describe('without a client', () => {
    const savedEnv = { ...process.env };

    afterEach(() => {
      process.env = { ...savedEnv };
    });

    it('makes its own from region and endpoint', async () => {
      // Prepare: the SDK's default credential chain reads these; dynalite accepts any.
      process.env.AWS_ACCESS_KEY_ID = 'test';
      process.env.AWS_SECRET_ACCESS_KEY = 'test';
      const ownClientStore = createDynamoManifestStore({
        tableName,
        env: 'test',
        region: 'us-east-1',
        endpoint: dynalite.endpoint,
      });
      await store.create(sampleManifest({ tenantId: 'own-client', jobId: 'ep-1' }));

      // Act
      const read = await ownClientStore.get({ tenantId: 'own-client', jobId: 'ep-1' });

      // Assess
      expect(read?.jobId).toBe('ep-1');
    });
  });
});
