import type { DynamoDBDocumentClient, PutCommandInput } from '@aws-sdk/lib-dynamodb';
import { toReelError } from '@reel/error-taxonomy';
import { jobsTableAttributes } from './jobs-table';

/** The parts of the AWS SDK the DynamoDB store and the jobs table use (`dynamo-sdk-exports`). */
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

/** A failed `ConditionExpression`, told by name so the SDK's class need not be loaded to check. */
export function isConditionalCheckFailed(error: unknown): boolean {
  return error instanceof Error && error.name === 'ConditionalCheckFailedException';
}
