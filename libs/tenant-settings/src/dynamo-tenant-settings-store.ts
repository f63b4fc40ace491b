import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { toReelError } from '@reel/error-taxonomy';
import { jobsTableAttributes, loadDynamoSdk } from '@reel/manifest';
import { assertValidEnv, assertValidId } from '@reel/storage';
import { defaultTenantSettings } from './default-tenant-settings';
import { parseStoredSettings, preparePut, staleVersionError } from './store-rules';
import type { TenantSettings } from './tenant-settings-schema';
import type { TenantSettingsStore } from './tenant-settings-store';

/** The sort-free partition key suffix of a tenant's settings item in the jobs table. */
export const TENANT_SETTINGS_KEY_SUFFIX = '#tenant-settings';
const SETTINGS_ATTRIBUTE = 'settings';

export interface DynamoTenantSettingsStoreOptions {
  /** The jobs table (`REEL_JOBS_TABLE`): settings share it with the job manifests. */
  tableName: string;
  env: string;
  /** A client to reuse (connection pooling, credentials). */
  client?: DynamoDBClient;
  /** For the client this store creates when none is given. */
  region?: string;
  /** For the client this store creates when none is given (e.g. dynalite on loopback). */
  endpoint?: string;
  /** Wraps the client this store creates, e.g. X-Ray's `captureAWSv3Client`. */
  instrumentClient?: <T>(client: T) => T;
  /** The clock that stamps `updatedAt`; injectable for tests. */
  now?: () => Date;
}

/**
 * A {@link TenantSettingsStore} in the jobs table: one item per tenant, partition key
 * `{env}/{tenantId}#tenant-settings` (job keys never contain `#`), with none of the index
 * attributes, so it never shows in a job listing. Writes are conditional puts on `version`. The
 * AWS SDK is imported on first use, so a local-backend process never evaluates it.
 *
 * @example
 * const store = createDynamoTenantSettingsStore({ tableName: 'reel-dev-jobs', env: 'dev', region: 'eu-west-1' });
 * const { guardrails } = await store.get('acme');
 */
export function createDynamoTenantSettingsStore({
  tableName,
  env,
  client,
  region,
  endpoint,
  instrumentClient = (made) => made,
  now = () => new Date(),
}: DynamoTenantSettingsStoreOptions): TenantSettingsStore {
  if (typeof tableName !== 'string' || tableName.length < 3) {
    throw new TypeError('tableName must be a DynamoDB table name', { cause: { tableName } });
  }
  assertValidEnv(env);
  const { partitionKey, version: versionAttribute } = jobsTableAttributes;
  let documentClient: Promise<DynamoDBDocumentClient> | undefined;
  // The jobs table's SDK loader: the commands it names are all a bundle keeps.
  const sdk = loadDynamoSdk;
  const connect = () =>
    (documentClient ??= sdk().then(
      ({ DynamoDBClient: Client, DynamoDBDocumentClient: DocumentClient }) =>
        DocumentClient.from(client ?? instrumentClient(new Client({ region, endpoint })), {
          marshallOptions: { removeUndefinedValues: true },
        }),
    ));
  const itemKey = (tenantId: string) =>
    `${env}/${assertValidId('tenantId', tenantId)}${TENANT_SETTINGS_KEY_SUFFIX}`;

  async function read(tenantId: string): Promise<TenantSettings> {
    const key = itemKey(tenantId);
    try {
      const [documents, { GetCommand }] = await Promise.all([connect(), sdk()]);
      const { Item: item } = await documents.send(
        new GetCommand({
          TableName: tableName,
          Key: { [partitionKey]: key },
          ConsistentRead: true,
        }),
      );
      if (item === undefined) return defaultTenantSettings({ env, tenantId });
      return parseStoredSettings(item[SETTINGS_ATTRIBUTE], {
        source: `dynamodb://${tableName}/${key}`,
        env,
        tenantId,
      });
    } catch (error) {
      throw toReelError(error);
    }
  }

  return {
    get: read,

    async put(settings, { expectedVersion }) {
      const document = preparePut(settings, { storeEnv: env, expectedVersion, now: now() });
      const [documents, { PutCommand }] = await Promise.all([connect(), sdk()]);
      try {
        await documents.send(
          new PutCommand({
            TableName: tableName,
            Item: {
              [partitionKey]: itemKey(document.tenantId),
              [versionAttribute]: document.version,
              [SETTINGS_ATTRIBUTE]: document,
            },
            ...(expectedVersion === 0
              ? {
                  ConditionExpression: 'attribute_not_exists(#pk)',
                  ExpressionAttributeNames: { '#pk': partitionKey },
                }
              : {
                  ConditionExpression: '#version = :expectedVersion',
                  ExpressionAttributeNames: { '#version': versionAttribute },
                  ExpressionAttributeValues: { ':expectedVersion': expectedVersion },
                }),
          }),
        );
      } catch (error) {
        if (!(error instanceof Error && error.name === 'ConditionalCheckFailedException')) {
          throw toReelError(error);
        }
        const { version: actualVersion } = await read(document.tenantId);
        throw staleVersionError(document.tenantId, { expectedVersion, actualVersion });
      }
      return document;
    },
  };
}
