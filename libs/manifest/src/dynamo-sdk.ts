import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type {
  DeleteCommand,
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
} from '@aws-sdk/lib-dynamodb';

/** The parts of the AWS SDK the DynamoDB store uses. */
export interface DynamoSdk {
  DynamoDBClient: typeof DynamoDBClient;
  DynamoDBDocumentClient: typeof DynamoDBDocumentClient;
  GetCommand: typeof GetCommand;
  PutCommand: typeof PutCommand;
  DeleteCommand: typeof DeleteCommand;
  QueryCommand: typeof QueryCommand;
}

let loading: Promise<DynamoSdk> | undefined;

/**
 * The SDK, imported on first use: a service on the local backend never evaluates it, and esbuild
 * still inlines it into the one bundle file (a dynamic import without code splitting).
 */
export function loadDynamoSdk(): Promise<DynamoSdk> {
  loading ??= Promise.all([
    import('@aws-sdk/client-dynamodb'),
    import('@aws-sdk/lib-dynamodb'),
  ]).then(([client, lib]) => ({
    DynamoDBClient: client.DynamoDBClient,
    DynamoDBDocumentClient: lib.DynamoDBDocumentClient,
    GetCommand: lib.GetCommand,
    PutCommand: lib.PutCommand,
    DeleteCommand: lib.DeleteCommand,
    QueryCommand: lib.QueryCommand,
  }));
  return loading;
}

/** A failed `ConditionExpression`, told by name so the SDK's class need not be loaded to check. */
export function isConditionalCheckFailed(error: unknown): boolean {
  return error instanceof Error && error.name === 'ConditionalCheckFailedException';
}
