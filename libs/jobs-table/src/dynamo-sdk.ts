import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { AwsReelConfig } from '@reel/config';
import type { DynamoDBDocumentClient, PutCommandInput } from '@aws-sdk/lib-dynamodb';
import { toReelError, type ReelError } from '@reel/error-taxonomy';
import { jobsTableAttributes } from './jobs-table';
import { staleVersionError, type DocumentNaming } from './versioned-document';

/** The parts of the AWS SDK the jobs-table stores use (`dynamo-sdk-exports`). */
export type DynamoSdk = typeof import('./dynamo-sdk-exports');

let loading: Promise<DynamoSdk> | undefined;

/**
 * The SDK, imported on first use: a service on the local backend never evaluates it, and esbuild
 * still inlines it into the one bundle file (a dynamic import without code splitting).
 */
export function loadDynamoSdk(): Promise<DynamoSdk> {
  loading ??= import('./dynamo-sdk-exports');
  return loading;
}

export interface DocumentClientOptions {
  /** A client to reuse (connection pooling, credentials); a plain client is wrapped. */
  client?: DynamoDBClient | DynamoDBDocumentClient;
  /** For the client made when none is given. */
  region?: string;
  /** For the client made when none is given (e.g. dynalite on loopback). */
  endpoint?: string;
  /** Wraps the client made here (e.g. `tracer.captureAWSv3Client` to trace DynamoDB calls). */
  instrumentClient?: <T>(client: T) => T;
}

/**
 * A getter for one document client, made on first call (the SDK loads then, not before): what a
 * store keeps instead of a client, so creating the store costs nothing.
 *
 * @example
 * const getDocumentClient = lazyDocumentClient({ region: 'eu-west-1' });
 * const item = await getItemByKey({ documentClient: await getDocumentClient(), tableName, key });
 */
export function lazyDocumentClient({
  client,
  region,
  endpoint,
  instrumentClient = (made) => made,
}: DocumentClientOptions): () => Promise<DynamoDBDocumentClient> {
  let made: Promise<DynamoDBDocumentClient> | undefined;
  return () => {
    made ??= loadDynamoSdk().then((sdk) => {
      if (client instanceof sdk.DynamoDBDocumentClient) return client;
      const baseClient = client ?? instrumentClient(new sdk.DynamoDBClient({ region, endpoint }));
      return sdk.DynamoDBDocumentClient.from(baseClient, {
        marshallOptions: { removeUndefinedValues: true },
      });
    });
    return made;
  };
}

export interface JobsTableOptions extends DocumentClientOptions {
  /** The jobs table (`REEL_JOBS_TABLE`). */
  tableName: string;
}

/**
 * The jobs table an aws config names (`REEL_JOBS_TABLE`, `AWS_REGION`, `REEL_DYNAMODB_ENDPOINT`),
 * for a store's options: every `create…StoreFromConfig` starts here.
 *
 * @example
 * createDynamoManifestStore({ env: config.env, ...jobsTableOptionsFromConfig(config, { instrumentClient }) });
 */
export function jobsTableOptionsFromConfig(
  config: AwsReelConfig,
  { client, instrumentClient }: Pick<DocumentClientOptions, 'client' | 'instrumentClient'> = {},
): JobsTableOptions {
  return {
    tableName: config.jobsTable,
    region: config.region,
    ...(config.dynamoDbEndpoint === undefined ? {} : { endpoint: config.dynamoDbEndpoint }),
    ...(client === undefined ? {} : { client }),
    ...(instrumentClient === undefined ? {} : { instrumentClient }),
  };
}

export interface JobsTableConnection {
  tableName: string;
  /** The document client, made on first call (see {@link lazyDocumentClient}). */
  getDocumentClient: () => Promise<DynamoDBDocumentClient>;
}

/**
 * What a store of the jobs table starts from: its checked table name and a lazy document client.
 * Throws `TypeError` for a table name DynamoDB would refuse, at construction rather than first use.
 *
 * @example
 * const { tableName, getDocumentClient } = connectJobsTable({ tableName: 'reel-dev-jobs', region: 'eu-west-1' });
 */
export function connectJobsTable({
  tableName,
  ...clientOptions
}: JobsTableOptions): JobsTableConnection {
  if (typeof tableName !== 'string' || !TABLE_NAME_PATTERN.test(tableName)) {
    throw new TypeError('tableName must be a DynamoDB table name', { cause: { tableName } });
  }
  return { tableName, getDocumentClient: lazyDocumentClient(clientOptions) };
}

/** DynamoDB's rule for table names. */
const TABLE_NAME_PATTERN = /^[A-Za-z0-9_.-]{3,255}$/;

/** One item by partition key, strongly consistent (a retry after a conflict sees the winner). */
export async function getItemByKey({
  documentClient,
  tableName,
  key,
}: {
  documentClient: DynamoDBDocumentClient;
  tableName: string;
  key: string;
}): Promise<Record<string, unknown> | undefined> {
  const { GetCommand } = await loadDynamoSdk();
  try {
    const { Item: item } = await documentClient.send(
      new GetCommand({
        TableName: tableName,
        Key: { [jobsTableAttributes.partitionKey]: key },
        ConsistentRead: true,
      }),
    );
    return item;
  } catch (error) {
    throw toReelError(error);
  }
}

/**
 * A conditional `PutItem`: true when written, false when its `ConditionExpression` failed (the
 * caller reads to say why); any other failure is a typed reel error.
 */
export async function putIfCondition(
  documentClient: DynamoDBDocumentClient,
  input: PutCommandInput & { ConditionExpression: string },
): Promise<boolean> {
  const { PutCommand } = await loadDynamoSdk();
  try {
    await documentClient.send(new PutCommand(input));
    return true;
  } catch (error) {
    if (isConditionalCheckFailed(error)) return false;
    throw toReelError(error);
  }
}

export interface PutVersionedItemOptions extends DocumentNaming {
  documentClient: DynamoDBDocumentClient;
  tableName: string;
  /** The whole item, with its partition key (`pk`) and its new `version` (`expectedVersion + 1`). */
  item: Record<string, unknown>;
  /** The version the stored item must be at; 0: no item may be stored under its key yet. */
  expectedVersion: number;
  /**
   * The error for a failed condition, given the item stored now (`undefined`: none). Returning
   * `undefined` (or leaving this out) throws the stale-version `ConflictError`, counting a missing
   * item as version 0.
   */
  conflictError?: (current: Record<string, unknown> | undefined) => ReelError | undefined;
}

/**
 * The optimistic write of a versioned document: a put guarded by `attribute_not_exists(pk)` for
 * version 0 or `version = :expectedVersion` otherwise. When the guard fails, the item is read
 * (strongly consistent) to say why, as a typed error: a stale version is a retryable
 * `ConflictError` with both versions in its details.
 *
 * @example
 * await putVersionedItem({ documentClient, tableName, item: { pk, version: 2, settings }, expectedVersion: 1, subject: 'Settings of tenant acme', details: { tenantId: 'acme' } });
 */
export async function putVersionedItem({
  documentClient,
  tableName,
  item,
  expectedVersion,
  subject,
  details,
  conflictError = () => undefined,
}: PutVersionedItemOptions): Promise<void> {
  const { partitionKey, version } = jobsTableAttributes;
  const written = await putIfCondition(documentClient, {
    TableName: tableName,
    Item: item,
    ...(expectedVersion === 0
      ? {
          ConditionExpression: 'attribute_not_exists(#pk)',
          ExpressionAttributeNames: { '#pk': partitionKey },
        }
      : {
          ConditionExpression: '#version = :expectedVersion',
          ExpressionAttributeNames: { '#version': version },
          ExpressionAttributeValues: { ':expectedVersion': expectedVersion },
        }),
  });
  if (written) return;
  // The condition does not say why it failed: read to tell a missing item from a stale write.
  const current = await getItemByKey({
    documentClient,
    tableName,
    key: String(item[partitionKey]),
  });
  throw (
    conflictError(current) ??
    staleVersionError({
      subject,
      expectedVersion,
      actualVersion: current === undefined ? 0 : Number(current[version]),
      details,
    })
  );
}

/** A failed `ConditionExpression`, told by name so the SDK's class need not be loaded to check. */
export function isConditionalCheckFailed(error: unknown): boolean {
  return error instanceof Error && error.name === 'ConditionalCheckFailedException';
}
