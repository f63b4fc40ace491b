import type { CreateTableCommandInput, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { TimeoutError, toReelError } from '@reel/error-taxonomy';
import { setTimeout as delay } from 'node:timers/promises';

/** Attribute names of a job item, besides the `manifest` document itself. */
export const jobsTableAttributes = {
  /** `{env}/{tenantId}/{jobId}` — the job's storage prefix, unique per job. */
  partitionKey: 'pk',
  /** `{env}/{tenantId}`: partition of the by-tenant index. */
  tenantKey: 'tenantKey',
  /** `{env}/{tenantId}#{status}`: partition of the by-tenant-and-status index. */
  tenantStatusKey: 'tenantStatusKey',
  /** ISO 8601 with milliseconds; sort key of both indexes (string order is time order). */
  createdAt: 'createdAt',
  /** The manifest's version; conditional writes compare it. */
  version: 'version',
  /** The whole manifest as a map. */
  manifest: 'manifest',
} as const;

/** The two global secondary indexes behind `listJobs`. */
export const jobsTableIndexes = {
  byTenant: 'tenant-createdAt',
  byTenantStatus: 'tenant-status-createdAt',
} as const;

const { partitionKey, tenantKey, tenantStatusKey, createdAt } = jobsTableAttributes;

/**
 * The jobs table, minus its name, as `CreateTable` input: on-demand billing, one item per job,
 * and two indexes (by tenant, by tenant and status) sorted by `createdAt`, projecting everything so
 * a listing needs no second read. Infra (CDK) and tests create the table from this one definition.
 *
 * @example
 * await client.send(new CreateTableCommand({ TableName: 'reel-dev-jobs', ...jobsTableDefinition }));
 */
export const jobsTableDefinition: Omit<CreateTableCommandInput, 'TableName'> = {
  BillingMode: 'PAY_PER_REQUEST',
  AttributeDefinitions: [
    { AttributeName: partitionKey, AttributeType: 'S' },
    { AttributeName: tenantKey, AttributeType: 'S' },
    { AttributeName: tenantStatusKey, AttributeType: 'S' },
    { AttributeName: createdAt, AttributeType: 'S' },
  ],
  KeySchema: [{ AttributeName: partitionKey, KeyType: 'HASH' }],
  GlobalSecondaryIndexes: [
    {
      IndexName: jobsTableIndexes.byTenant,
      KeySchema: [
        { AttributeName: tenantKey, KeyType: 'HASH' },
        { AttributeName: createdAt, KeyType: 'RANGE' },
      ],
      Projection: { ProjectionType: 'ALL' },
    },
    {
      IndexName: jobsTableIndexes.byTenantStatus,
      KeySchema: [
        { AttributeName: tenantStatusKey, KeyType: 'HASH' },
        { AttributeName: createdAt, KeyType: 'RANGE' },
      ],
      Projection: { ProjectionType: 'ALL' },
    },
  ],
};

export interface EnsureJobsTableOptions {
  client: DynamoDBClient;
  tableName: string;
  /** How long to wait for the table and its indexes to become ACTIVE. Defaults to 60 s. */
  timeoutMs?: number;
}

/**
 * Creates the jobs table from {@link jobsTableDefinition} unless it exists, then waits until it
 * and its indexes are ACTIVE. For tests and local runs; on AWS the CDK stack owns the table.
 *
 * @example
 * await ensureJobsTable({ client, tableName: 'reel-dev-jobs' });
 */
export async function ensureJobsTable({
  client,
  tableName,
  timeoutMs = 60_000,
}: EnsureJobsTableOptions): Promise<void> {
  const { CreateTableCommand } = await import('./dynamo-sdk-exports');
  try {
    await client.send(
      new CreateTableCommand({ TableName: tableName, ...structuredClone(jobsTableDefinition) }),
    );
  } catch (error) {
    if ((error as Error).name !== 'ResourceInUseException') throw toReelError(error);
  }
  const giveUpAtMs = Date.now() + timeoutMs;
  while (!(await isTableActive(client, tableName))) {
    if (Date.now() > giveUpAtMs) {
      throw new TimeoutError(`Table ${tableName} is not ACTIVE after ${timeoutMs} ms`, {
        details: { tableName, timeoutMs },
      });
    }
    await delay(100);
  }
}

async function isTableActive(client: DynamoDBClient, tableName: string): Promise<boolean> {
  const { DescribeTableCommand } = await import('./dynamo-sdk-exports');
  try {
    const { Table: table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
    return (
      table?.TableStatus === 'ACTIVE' &&
      (table.GlobalSecondaryIndexes ?? []).every((index) => index.IndexStatus === 'ACTIVE')
    );
  } catch (error) {
    // Just created: some implementations answer "not found" for a moment.
    if ((error as Error).name === 'ResourceNotFoundException') return false;
    throw toReelError(error);
  }
}
