import {
  jobsTableAttributes as attr,
  getItemByKey,
  connectJobsTable,
  isConditionalCheckFailed,
  loadDynamoSdk,
  putVersionedItem,
  type JobsTableOptions,
} from '@reel/jobs-table';
import { toReelError } from '@reel/error-taxonomy';
import { ENV_PATTERN, assertValidId, buildJobRootKey } from '@reel/storage';
import { queryJobItems } from './dynamo-job-query';
import { createDynamoRunLeases } from './dynamo-run-lease';
import type { JobManifest } from './job-manifest-schema';
import type { JobRef, ListJobsOptions, ManifestStore } from './manifest-store';
import { damagedManifestError, parseStoredManifest } from './manifest-validation';
import {
  assertJobRef,
  assertListStatus,
  jobExistsError,
  missingJobError,
  prepareCreate,
  manifestNaming,
  preparePut,
  resolveListLimit,
  staleVersionError,
} from './store-rules';

export interface DynamoManifestStoreOptions extends JobsTableOptions {
  env: string;
  /** The clock that stamps `updatedAt`; injectable for tests. */
  now?: () => Date;
}

type JobItem = Record<string, unknown>;

/**
 * A {@link ManifestStore} on DynamoDB, one item per job (layout: {@link jobsTableDefinition}).
 * Every write is a single-item conditional put — `attribute_not_exists` on create, `version =
 * :expected` on put — so it needs no transactions and runs on dynalite as on AWS. Reads are
 * strongly consistent, so a retry after a conflict sees the write that won. The run lease is an item
 * of its own (`{pk}#run-lease`, outside both indexes). The AWS SDK is imported on first use, so
 * creating this store costs nothing until it is called.
 *
 * @example
 * const store = createDynamoManifestStore({ tableName: 'reel-dev-jobs', env: 'dev', region: 'eu-west-1' });
 * const { jobs, nextCursor } = await store.listJobs({ tenantId: 'acme', status: 'failed', limit: 20 });
 */
export function createDynamoManifestStore({
  env,
  now = () => new Date(),
  ...tableOptions
}: DynamoManifestStoreOptions): ManifestStore {
  const { tableName, getDocumentClient } = connectJobsTable(tableOptions);
  if (typeof env !== 'string' || !ENV_PATTERN.test(env)) {
    throw new TypeError(`env must match ${ENV_PATTERN.source}`, { cause: { env } });
  }

  function jobKey(ref: JobRef): string {
    return buildJobRootKey({ env, ...assertJobRef(ref) });
  }

  function toItem(manifest: JobManifest): JobItem {
    const tenantPrefix = `${env}/${manifest.tenantId}`;
    return {
      [attr.partitionKey]: jobKey(manifest),
      [attr.tenantKey]: tenantPrefix,
      [attr.tenantStatusKey]: `${tenantPrefix}#${manifest.status}`,
      [attr.createdAt]: manifest.createdAt,
      [attr.version]: manifest.version,
      env,
      tenantId: manifest.tenantId,
      jobId: manifest.jobId,
      status: manifest.status,
      updatedAt: manifest.updatedAt,
      [attr.manifest]: manifest,
    };
  }

  function fromItem(item: JobItem): JobManifest {
    const source = `dynamodb://${tableName}/${String(item[attr.partitionKey])}`;
    const manifest = parseStoredManifest(item[attr.manifest], { source });
    // The top-level version is what conditional writes compare; the two must agree.
    if (item[attr.version] !== manifest.version) {
      throw damagedManifestError(
        source,
        ['version'],
        `the item's version ${String(item[attr.version])} differs from the manifest's ${manifest.version}`,
      );
    }
    return manifest;
  }

  async function readItem(ref: JobRef): Promise<JobItem | undefined> {
    const documentClient = await getDocumentClient();
    return getItemByKey({ documentClient, tableName, key: jobKey(ref) });
  }

  return {
    async create(manifest) {
      const document = prepareCreate(manifest, env);
      await putVersionedItem({
        documentClient: await getDocumentClient(),
        tableName,
        item: toItem(document),
        expectedVersion: 0,
        ...manifestNaming(document),
        conflictError: () => jobExistsError(document),
      });
      return document;
    },

    async get(ref) {
      const item = await readItem(ref);
      return item === undefined ? undefined : fromItem(item);
    },

    async put(manifest, { expectedVersion }) {
      const document = preparePut(manifest, { storeEnv: env, expectedVersion, now: now() });
      await putVersionedItem({
        documentClient: await getDocumentClient(),
        tableName,
        item: toItem(document),
        expectedVersion,
        ...manifestNaming(document),
        conflictError: (current) => (current === undefined ? missingJobError(document) : undefined),
      });
      return document;
    },

    async delete(ref, { expectedVersion }) {
      const { DeleteCommand } = await loadDynamoSdk();
      try {
        await (
          await getDocumentClient()
        ).send(
          new DeleteCommand({
            TableName: tableName,
            Key: { [attr.partitionKey]: jobKey(ref) },
            ConditionExpression: 'attribute_not_exists(#pk) OR #version = :version',
            ExpressionAttributeNames: { '#pk': attr.partitionKey, '#version': attr.version },
            ExpressionAttributeValues: { ':version': expectedVersion },
          }),
        );
      } catch (error) {
        if (!isConditionalCheckFailed(error)) throw toReelError(error);
        const stored = await readItem(ref);
        if (stored === undefined) return;
        throw staleVersionError(ref, {
          expectedVersion,
          actualVersion: Number(stored[attr.version]),
        });
      }
    },

    async listJobs({ tenantId, status, limit, cursor }: ListJobsOptions) {
      const pageSize = resolveListLimit(limit);
      assertListStatus(status);
      const { items, nextCursor } = await queryJobItems({
        documentClient: await getDocumentClient(),
        tableName,
        tenantPrefix: `${env}/${assertValidId('tenantId', tenantId)}`,
        status,
        pageSize,
        cursor,
      });
      const jobs = items.map(fromItem);
      return nextCursor === undefined ? { jobs } : { jobs, nextCursor };
    },

    ...createDynamoRunLeases({
      getDocumentClient,
      tableName,
      leaseKey: (ref) => `${jobKey(ref)}${RUN_LEASE_KEY_SUFFIX}`,
      now,
    }),
  };
}

/** Appended to a job's `pk` for its run-lease item; `#` never occurs in a job's key. */
const RUN_LEASE_KEY_SUFFIX = '#run-lease';
