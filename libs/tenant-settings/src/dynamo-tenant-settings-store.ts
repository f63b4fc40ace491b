import {
  getItemByKey,
  jobsTableAttributes,
  lazyDocumentClient,
  putVersionedItem,
  type DocumentClientOptions,
} from '@reel/jobs-table';
import { assertValidEnv, assertValidId } from '@reel/storage';
import { defaultTenantSettings } from './default-tenant-settings';
import { parseStoredSettings, preparePut, settingsNaming } from './store-rules';
import type { TenantSettings } from './tenant-settings-schema';
import type { TenantSettingsStore } from './tenant-settings-store';

/** The sort-free partition key suffix of a tenant's settings item in the jobs table. */
export const TENANT_SETTINGS_KEY_SUFFIX = '#tenant-settings';
const SETTINGS_ATTRIBUTE = 'settings';

export interface DynamoTenantSettingsStoreOptions extends DocumentClientOptions {
  /** The jobs table (`REEL_JOBS_TABLE`): settings share it with the job manifests. */
  tableName: string;
  env: string;
  /** The clock that stamps `updatedAt`; injectable for tests. */
  now?: () => Date;
}

/**
 * A {@link TenantSettingsStore} in the jobs table: one item per tenant, partition key
 * `{env}/{tenantId}#tenant-settings` (job keys never contain `#`), with none of the index
 * attributes, so it never shows in a job listing. Writes are the jobs table's versioned put
 * (`putVersionedItem`). The AWS SDK is imported on first use, so a local-backend process never
 * evaluates it.
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
  instrumentClient,
  now = () => new Date(),
}: DynamoTenantSettingsStoreOptions): TenantSettingsStore {
  if (typeof tableName !== 'string' || tableName.length < 3) {
    throw new TypeError('tableName must be a DynamoDB table name', { cause: { tableName } });
  }
  assertValidEnv(env);
  const getDocumentClient = lazyDocumentClient({ client, region, endpoint, instrumentClient });
  const itemKey = (tenantId: string) =>
    `${env}/${assertValidId('tenantId', tenantId)}${TENANT_SETTINGS_KEY_SUFFIX}`;

  return {
    async get(tenantId): Promise<TenantSettings> {
      const key = itemKey(tenantId);
      const documentClient = await getDocumentClient();
      const item = await getItemByKey({ documentClient, tableName, key });
      if (item === undefined) return defaultTenantSettings({ env, tenantId });
      return parseStoredSettings(item[SETTINGS_ATTRIBUTE], {
        source: `dynamodb://${tableName}/${key}`,
        env,
        tenantId,
      });
    },

    async put(settings, { expectedVersion }) {
      const document = preparePut(settings, { storeEnv: env, expectedVersion, now: now() });
      await putVersionedItem({
        documentClient: await getDocumentClient(),
        tableName,
        item: {
          [jobsTableAttributes.partitionKey]: itemKey(document.tenantId),
          [jobsTableAttributes.version]: document.version,
          [SETTINGS_ATTRIBUTE]: document,
        },
        expectedVersion,
        ...settingsNaming(document.tenantId),
      });
      return document;
    },
  };
}
