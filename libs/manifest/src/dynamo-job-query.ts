import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { InvalidRequestError, toReelError } from '@reel/error-taxonomy';
import type { JobStatus } from './job-manifest-schema';
import { jobsTableAttributes as attr, jobsTableIndexes, loadDynamoSdk } from '@reel/jobs-table';
import { decodeCursor, encodeCursor } from './list-cursor';

export interface QueryJobItemsOptions {
  documentClient: DynamoDBDocumentClient;
  tableName: string;
  /** `{env}/{tenantId}`. */
  tenantPrefix: string;
  status?: JobStatus;
  pageSize: number;
  cursor?: string;
}

/**
 * One page of a tenant's job items, newest first, from the by-tenant or by-tenant-and-status
 * index. It reads one item beyond the page to know whether another page follows, so the last page
 * carries no cursor; the cursor is the exclusive start key of the next page, base64url-encoded.
 */
export async function queryJobItems({
  documentClient,
  tableName,
  tenantPrefix,
  status,
  pageSize,
  cursor,
}: QueryJobItemsOptions): Promise<{ items: Record<string, unknown>[]; nextCursor?: string }> {
  const index =
    status === undefined
      ? { name: jobsTableIndexes.byTenant, partition: attr.tenantKey, value: tenantPrefix }
      : {
          name: jobsTableIndexes.byTenantStatus,
          partition: attr.tenantStatusKey,
          value: `${tenantPrefix}#${status}`,
        };
  const keyFields = [attr.partitionKey, index.partition, attr.createdAt] as const;
  let startKey = cursor === undefined ? undefined : decodeCursor(cursor, keyFields);
  const fromThisListing =
    startKey === undefined ||
    (startKey[index.partition] === index.value &&
      startKey[attr.partitionKey]?.startsWith(`${tenantPrefix}/`));
  if (!fromThisListing) {
    throw new InvalidRequestError('cursor belongs to another tenant or status', {
      advice:
        'Pass back nextCursor only with the tenant and status of the listing that returned it.',
    });
  }

  const { QueryCommand } = await loadDynamoSdk();
  const items: Record<string, unknown>[] = [];
  do {
    let page;
    try {
      page = await documentClient.send(
        new QueryCommand({
          TableName: tableName,
          IndexName: index.name,
          KeyConditionExpression: '#partition = :partition',
          ExpressionAttributeNames: { '#partition': index.partition },
          ExpressionAttributeValues: { ':partition': index.value },
          ScanIndexForward: false,
          Limit: pageSize + 1 - items.length,
          ExclusiveStartKey: startKey,
        }),
      );
    } catch (error) {
      throw toReelError(error);
    }
    items.push(...(page.Items ?? []));
    // A page can end early at DynamoDB's 1 MB limit; keep reading until one item past the page.
    startKey = page.LastEvaluatedKey as Record<string, string> | undefined;
  } while (startKey !== undefined && items.length <= pageSize);

  const lastOnPage = items[pageSize - 1];
  if (items.length <= pageSize || lastOnPage === undefined) return { items };
  const nextStartKey = Object.fromEntries(
    keyFields.map((field) => [field, String(lastOnPage[field])]),
  );
  return { items: items.slice(0, pageSize), nextCursor: encodeCursor(nextStartKey) };
}
