import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { toReelError } from '@reel/error-taxonomy';
import {
  jobsTableAttributes as attr,
  getItemByKey,
  isConditionalCheckFailed,
  loadDynamoSdk,
  putIfCondition,
} from '@reel/jobs-table';
import type { JobRef, ManifestStore, RunLease } from './manifest-store';
import { assertRunId, jobRunningError, newRunLease, parseRunLease } from './run-lease-rules';

export interface DynamoRunLeasesOptions {
  getDocumentClient: () => Promise<DynamoDBDocumentClient>;
  tableName: string;
  /** The lease item's partition key for a job (validates the ids). */
  leaseKey: (ref: JobRef) => string;
  now: () => Date;
}

/** A lease that vanished between a failed condition and the read that explains it: try again. */
const MAX_ACQUIRE_ROUNDS = 3;

/**
 * The run-lease methods of the DynamoDB store. The lease is one item per job with only `pk`,
 * `runId`, `acquiredAt` and `expiresAt` — none of the index attributes, so listings never see it —
 * written with `attribute_not_exists(pk) OR expiresAt <= :now`: of many writers exactly one wins.
 */
export function createDynamoRunLeases({
  getDocumentClient,
  tableName,
  leaseKey,
  now,
}: DynamoRunLeasesOptions): Pick<
  ManifestStore,
  'acquireRunLease' | 'getRunLease' | 'releaseRunLease'
> {
  async function readLease(ref: JobRef): Promise<RunLease | undefined> {
    const documentClient = await getDocumentClient();
    return parseRunLease(await getItemByKey({ documentClient, tableName, key: leaseKey(ref) }));
  }

  return {
    async acquireRunLease(ref, options) {
      const lease = newRunLease(options, now);
      const key = leaseKey(ref);
      for (let round = 1; ; round += 1) {
        const written = await putIfCondition(await getDocumentClient(), {
          TableName: tableName,
          Item: { [attr.partitionKey]: key, ...lease },
          ConditionExpression: 'attribute_not_exists(#pk) OR #expiresAt <= :now',
          ExpressionAttributeNames: { '#pk': attr.partitionKey, '#expiresAt': 'expiresAt' },
          ExpressionAttributeValues: { ':now': lease.acquiredAt },
        });
        if (written) return lease;
        const held = await readLease(ref);
        if (held?.runId === lease.runId) return held;
        if (held !== undefined || round >= MAX_ACQUIRE_ROUNDS) {
          throw jobRunningError(ref, held ?? lease, lease.runId);
        }
      }
    },

    getRunLease(ref) {
      return readLease(ref);
    },

    async releaseRunLease(ref, { runId }) {
      assertRunId(runId);
      const { DeleteCommand } = await loadDynamoSdk();
      try {
        await (
          await getDocumentClient()
        ).send(
          new DeleteCommand({
            TableName: tableName,
            Key: { [attr.partitionKey]: leaseKey(ref) },
            ConditionExpression: '#runId = :runId',
            ExpressionAttributeNames: { '#runId': 'runId' },
            ExpressionAttributeValues: { ':runId': runId },
          }),
        );
      } catch (error) {
        // Not held by this run (released already, expired and taken over): nothing to give up.
        if (!isConditionalCheckFailed(error)) throw toReelError(error);
      }
    },
  };
}
