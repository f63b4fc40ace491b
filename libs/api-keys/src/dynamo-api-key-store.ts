import { ConflictError, TransientError, toReelError } from '@reel/error-taxonomy';
import {
  connectJobsTable,
  getItemByKey,
  isConditionalCheckFailed,
  jobsTableAttributes,
  loadDynamoSdk,
  putIfCondition,
  type JobsTableOptions,
} from '@reel/jobs-table';
import { assertValidEnv, assertValidId } from '@reel/storage';
import { setTimeout as delay } from 'node:timers/promises';
import { apiKeyRecordSchema, type ApiKeyRecord } from './api-key-record';
import type { ApiKeyStore } from './api-key-store';

const RECORD_ATTRIBUTE = 'apiKey';
const KEY_IDS_ATTRIBUTE = 'keyIds';
/** BatchGetItem reads at most 100 keys per call. */
const BATCH_GET_LIMIT = 100;
const MAX_UNPROCESSED_ROUNDS = 5;

/** `tableName` is the jobs table: key records share it with manifests and tenant settings. */
export interface DynamoApiKeyStoreOptions extends JobsTableOptions {
  env: string;
}

/**
 * An {@link ApiKeyStore} in the jobs table, with none of the index attributes (keys never show in
 * a job listing) and no new table or index:
 * - one item per key, `{env}#api-key#{keyId}`, the record under `apiKey`: verifying a bearer token is
 *   one strongly consistent GetItem by the key id it carries, whatever the tenant;
 * - one item per tenant, `{env}/{tenantId}#api-keys`, a string set of its key ids: listing is a
 *   GetItem plus BatchGetItem, never a scan.
 * A key id is added to its tenant's set before its record is written (dynalite, the test server,
 * has no transactions, so this order stands in for one): a failure in between leaves an id with no
 * record, which listing skips — never a key that works but cannot be listed or revoked. Revocation
 * is one conditional UpdateItem on the key's own item (it must belong to the tenant).
 *
 * @example
 * const store = createDynamoApiKeyStore({ tableName: 'reel-dev-jobs', env: 'dev', region: 'eu-west-1' });
 */
export function createDynamoApiKeyStore({
  env,
  ...tableOptions
}: DynamoApiKeyStoreOptions): ApiKeyStore {
  const { tableName, getDocumentClient } = connectJobsTable(tableOptions);
  assertValidEnv(env);
  const { partitionKey } = jobsTableAttributes;
  const keyItemKey = (keyId: string) => `${env}#api-key#${keyId}`;
  const tenantItemKey = (tenantId: string) =>
    `${env}/${assertValidId('tenantId', tenantId)}#api-keys`;
  const parseRecord = (item: Record<string, unknown> | undefined) =>
    item === undefined ? undefined : apiKeyRecordSchema.parse(item[RECORD_ATTRIBUTE]);

  return {
    async insert(record) {
      const checked = apiKeyRecordSchema.parse(record);
      const documentClient = await getDocumentClient();
      const { UpdateCommand } = await loadDynamoSdk();
      await documentClient
        .send(
          new UpdateCommand({
            TableName: tableName,
            Key: { [partitionKey]: tenantItemKey(checked.tenantId) },
            UpdateExpression: 'ADD #keyIds :keyIds',
            ExpressionAttributeNames: { '#keyIds': KEY_IDS_ATTRIBUTE },
            ExpressionAttributeValues: { ':keyIds': new Set([checked.keyId]) },
          }),
        )
        .catch((error: unknown) => {
          throw toReelError(error);
        });
      const written = await putIfCondition(documentClient, {
        TableName: tableName,
        Item: { [partitionKey]: keyItemKey(checked.keyId), [RECORD_ATTRIBUTE]: checked },
        ConditionExpression: 'attribute_not_exists(#pk)',
        ExpressionAttributeNames: { '#pk': partitionKey },
      });
      if (!written) {
        throw new ConflictError(`API key id ${checked.keyId} is taken`, {
          details: { keyId: checked.keyId },
        });
      }
    },

    async get(keyId) {
      const documentClient = await getDocumentClient();
      return parseRecord(await getItemByKey({ documentClient, tableName, key: keyItemKey(keyId) }));
    },

    async listByTenant(tenantId) {
      const documentClient = await getDocumentClient();
      const tenantItem = await getItemByKey({
        documentClient,
        tableName,
        key: tenantItemKey(tenantId),
      });
      const keyIds = [...((tenantItem?.[KEY_IDS_ATTRIBUTE] as Set<string> | undefined) ?? [])];
      const records: ApiKeyRecord[] = [];
      for (let start = 0; start < keyIds.length; start += BATCH_GET_LIMIT) {
        const items = await batchGet(keyIds.slice(start, start + BATCH_GET_LIMIT));
        records.push(...items.map((item) => parseRecord(item) as ApiKeyRecord));
      }
      // An id left by an insert that lost its key id to another tenant is not this tenant's key.
      return records.filter((record) => record.tenantId === tenantId);
    },

    async revoke({ tenantId, keyId, revokedAt }) {
      assertValidId('tenantId', tenantId);
      const documentClient = await getDocumentClient();
      const { UpdateCommand } = await loadDynamoSdk();
      try {
        const { Attributes: item } = await documentClient.send(
          new UpdateCommand({
            TableName: tableName,
            Key: { [partitionKey]: keyItemKey(keyId) },
            UpdateExpression:
              'SET #apiKey.#revokedAt = if_not_exists(#apiKey.#revokedAt, :revokedAt)',
            ConditionExpression: 'attribute_exists(#pk) AND #apiKey.#tenantId = :tenantId',
            ExpressionAttributeNames: {
              '#pk': partitionKey,
              '#apiKey': RECORD_ATTRIBUTE,
              '#revokedAt': 'revokedAt',
              '#tenantId': 'tenantId',
            },
            ExpressionAttributeValues: { ':revokedAt': revokedAt, ':tenantId': tenantId },
            ReturnValues: 'ALL_NEW',
          }),
        );
        return parseRecord(item);
      } catch (error) {
        if (isConditionalCheckFailed(error)) return undefined;
        throw toReelError(error);
      }
    },
  };

  /** The key items of `keyIds` (≤ 100), strongly consistent, retrying what DynamoDB left unprocessed. */
  async function batchGet(keyIds: string[]): Promise<Record<string, unknown>[]> {
    const documentClient = await getDocumentClient();
    const { BatchGetCommand } = await loadDynamoSdk();
    const items: Record<string, unknown>[] = [];
    let keys = keyIds.map((keyId) => ({ [partitionKey]: keyItemKey(keyId) }));
    for (let round = 0; keys.length > 0; round += 1) {
      if (round === MAX_UNPROCESSED_ROUNDS) {
        throw new TransientError(`DynamoDB left ${keys.length} API keys unread`, {
          details: { tableName, unread: keys.length },
        });
      }
      if (round > 0) await delay(50 * 2 ** round);
      const response = await documentClient
        .send(
          new BatchGetCommand({
            RequestItems: { [tableName]: { Keys: keys, ConsistentRead: true } },
          }),
        )
        .catch((error: unknown) => {
          throw toReelError(error);
        });
      items.push(...(response.Responses?.[tableName] ?? []));
      keys = (response.UnprocessedKeys?.[tableName]?.Keys ?? []) as typeof keys;
    }
    return items;
  }
}
