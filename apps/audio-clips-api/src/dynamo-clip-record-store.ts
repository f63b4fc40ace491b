import { toReelError } from '@reel/error-taxonomy';
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
import { clipRecordSchema, type ClipRecordStore, type ClipRef } from './clip-record';

const RECORD_ATTRIBUTE = 'clip';
/**
 * Epoch seconds when the record may go: the attribute to turn DynamoDB TTL on for (the clip's
 * object expires by the bucket's lifecycle rule at the same age). Until TTL deletes an item, readers
 * see `expiresAt` and treat it as gone.
 */
export const CLIP_RECORD_TTL_ATTRIBUTE = 'expiresAtSec';

/**
 * A {@link ClipRecordStore} in the jobs table: one item per clip,
 * `{env}/{tenant}#audio-clip#{episode}#{start}-{end}`, no index attributes (clips never show in a
 * job listing). Claims are one conditional PutItem (`attribute_not_exists` or the expected token),
 * so of any number of concurrent requests for one clip exactly one generates it; a read is one
 * strongly consistent GetItem.
 *
 * @example
 * const store = createDynamoClipRecordStore({ tableName: 'reel-dev-jobs', region: 'eu-west-1' });
 */
export function createDynamoClipRecordStore(options: JobsTableOptions): ClipRecordStore {
  const { tableName, getDocumentClient } = connectJobsTable(options);
  const { partitionKey } = jobsTableAttributes;
  const itemKey = ({ env, tenantId, episodeId, startMs, endMs }: ClipRef) =>
    `${assertValidEnv(env)}/${assertValidId('tenantId', tenantId)}#audio-clip#${assertValidId('episodeId', episodeId)}#${startMs}-${endMs}`;
  const tokenCondition = {
    ConditionExpression: '#clip.#token = :token',
    ExpressionAttributeNames: { '#clip': RECORD_ATTRIBUTE, '#token': 'token' },
  };

  return {
    async get(ref) {
      const documentClient = await getDocumentClient();
      const item = await getItemByKey({ documentClient, tableName, key: itemKey(ref) });
      return item === undefined ? undefined : clipRecordSchema.parse(item[RECORD_ATTRIBUTE]);
    },

    async write(record, { expectedToken }) {
      const checked = clipRecordSchema.parse(record);
      const documentClient = await getDocumentClient();
      const Item = {
        [partitionKey]: itemKey(checked),
        [RECORD_ATTRIBUTE]: checked,
        [CLIP_RECORD_TTL_ATTRIBUTE]: Math.ceil(Date.parse(checked.expiresAt) / 1000),
      };
      if (expectedToken === undefined) {
        return putIfCondition(documentClient, {
          TableName: tableName,
          Item,
          ConditionExpression: 'attribute_not_exists(#pk)',
          ExpressionAttributeNames: { '#pk': partitionKey },
        });
      }
      return putIfCondition(documentClient, {
        TableName: tableName,
        Item,
        ...tokenCondition,
        ExpressionAttributeValues: { ':token': expectedToken },
      });
    },

    async remove(ref, { token }) {
      const documentClient = await getDocumentClient();
      const { DeleteCommand } = await loadDynamoSdk();
      try {
        await documentClient.send(
          new DeleteCommand({
            TableName: tableName,
            Key: { [partitionKey]: itemKey(ref) },
            ...tokenCondition,
            ExpressionAttributeValues: { ':token': token },
          }),
        );
      } catch (error) {
        if (isConditionalCheckFailed(error)) return;
        throw toReelError(error);
      }
    },
  };
}
