import { DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ConflictError, InputMissingError, isReelError } from '@reel/error-taxonomy';
import { startDynalite, type DynaliteHandle } from '@reel/test-servers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  connectJobsTable,
  ensureJobsTable,
  getItemByKey,
  jobsTableDefinition,
  lazyDocumentClient,
  putVersionedItem,
} from '../src/index';

const tableName = 'reel-test-jobs';

describe('The jobs table on dynalite', () => {
  let dynalite: DynaliteHandle;
  let documentClient: DynamoDBDocumentClient;

  beforeAll(async () => {
    dynalite = await startDynalite();
    await ensureJobsTable({ client: dynalite.client, tableName });
    documentClient = DynamoDBDocumentClient.from(dynalite.client);
  });

  afterAll(async () => {
    await dynalite.close();
  });

  const put = (key: string, version: number, expectedVersion: number) =>
    putVersionedItem({
      documentClient,
      tableName,
      item: { pk: key, version, body: `v${version}` },
      expectedVersion,
      subject: `Record ${key}`,
      details: { key },
    });

  describe('Function: ensureJobsTable', () => {
    it('creates the table from jobsTableDefinition once, and again is a no-op', async () => {
      // Act
      await ensureJobsTable({ client: dynalite.client, tableName });
      const { Table: table } = await dynalite.client.send(
        new DescribeTableCommand({ TableName: tableName }),
      );

      // Assess
      expect(table?.TableStatus).toBe('ACTIVE');
      expect(table?.KeySchema).toEqual(jobsTableDefinition.KeySchema);
      expect(
        table?.GlobalSecondaryIndexes?.map((index) => [index.IndexName, index.KeySchema]),
      ).toEqual(
        expect.arrayContaining(
          jobsTableDefinition.GlobalSecondaryIndexes?.map((index) => [
            index.IndexName,
            index.KeySchema,
          ]) ?? [],
        ),
      );
    });
  });

  describe('Function: putVersionedItem', () => {
    it('creates at expected version 0 and replaces at the stored version', async () => {
      // Act
      await put('doc/a', 1, 0);
      await put('doc/a', 2, 1);
      const stored = await getItemByKey({ documentClient, tableName, key: 'doc/a' });

      // Assess
      expect(stored).toEqual({ pk: 'doc/a', version: 2, body: 'v2' });
    });

    it('refuses a stale version as ConflictError with the stored version, leaving the item', async () => {
      // Prepare
      await put('doc/b', 1, 0);
      await put('doc/b', 2, 1);

      // Act
      const stale = put('doc/b', 2, 1);

      // Assess
      await expect(stale).rejects.toBeInstanceOf(ConflictError);
      await expect(stale).rejects.toMatchObject({
        message: 'Record doc/b is stored at version 2, not 1',
        details: { key: 'doc/b', expectedVersion: 1, actualVersion: 2 },
      });
      expect(await getItemByKey({ documentClient, tableName, key: 'doc/b' })).toMatchObject({
        body: 'v2',
      });
    });

    it('counts a missing item as version 0 and an existing one as taken for a create', async () => {
      // Prepare
      await put('doc/c', 1, 0);

      // Act
      const createAgain = put('doc/c', 1, 0);
      const updateMissing = put('doc/none', 4, 3);

      // Assess
      await expect(createAgain).rejects.toMatchObject({ details: { actualVersion: 1 } });
      await expect(updateMissing).rejects.toMatchObject({
        name: 'ConflictError',
        details: { expectedVersion: 3, actualVersion: 0 },
      });
    });

    it('throws the caller’s error for a failed condition when it gives one', async () => {
      // Act
      const write = putVersionedItem({
        documentClient,
        tableName,
        item: { pk: 'doc/gone', version: 2 },
        expectedVersion: 1,
        subject: 'Record doc/gone',
        details: {},
        conflictError: (current) =>
          current === undefined ? new InputMissingError('doc/gone was never created') : undefined,
      });

      // Assess
      await expect(write).rejects.toBeInstanceOf(InputMissingError);
    });

    it('turns any other failure into a typed reel error', async () => {
      // Act
      const write = putVersionedItem({
        documentClient,
        tableName: 'reel-no-such-table',
        item: { pk: 'doc/d', version: 1 },
        expectedVersion: 0,
        subject: 'Record doc/d',
        details: {},
      });

      // Assess
      const failure = await write.catch((error: unknown) => error);
      expect(isReelError(failure)).toBe(true);
      expect(failure).not.toBeInstanceOf(ConflictError);
    });
  });

  describe('Function: connectJobsTable', () => {
    it('refuses a table name DynamoDB would refuse, before any call', () => {
      for (const tableName of ['', 'ab', 'jobs table', 'jobs/table']) {
        expect(() => connectJobsTable({ tableName })).toThrow(TypeError);
      }
      expect(connectJobsTable({ tableName: 'reel-dev.jobs_1' }).tableName).toBe('reel-dev.jobs_1');
    });
  });

  describe('Function: lazyDocumentClient', () => {
    it('makes and instruments one client on first use, and hands a document client through', async () => {
      // Prepare
      const made: unknown[] = [];
      const getOwn = lazyDocumentClient({
        region: 'us-east-1',
        endpoint: dynalite.endpoint,
        instrumentClient: (client) => {
          made.push(client);
          return client;
        },
      });
      const getGiven = lazyDocumentClient({ client: documentClient });

      // Act
      const [first, second] = await Promise.all([getOwn(), getOwn()]);

      // Assess
      expect(first).toBe(second);
      expect(first).toBeInstanceOf(DynamoDBDocumentClient);
      expect(made.map((client) => (client as object).constructor.name)).toEqual(['DynamoDBClient']);
      expect(await getGiven()).toBe(documentClient);
    });
  });
});
