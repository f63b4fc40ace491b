import {
  getItemByKey,
  jobsTableAttributes,
  connectJobsTable,
  putVersionedItem,
  type JobsTableOptions,
} from '@reel/jobs-table';
import { assertValidEnv, assertValidId } from '@reel/storage';
import { defaultTenantSettings } from './default-tenant-settings';
import { parseStoredSettings, preparePut, settingsNaming } from './store-rules';
import type { TenantSettings } from './tenant-settings-schema';
import type { TenantSettingsStore } from './tenant-settings-store';

/** The sort-free partition key suffix of a tenant's settings item in the jobs table. */
export const TENANT_SETTINGS_KEY_SUFFIX = '#tenant-settings';
const SETTINGS_ATTRIBUTE = 'settings';

/** `tableName` is the jobs table: settings share it with the job manifests. */
export interface DynamoTenantSettingsStoreOptions extends JobsTableOptions {
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
  env,
  now = () => new Date(),
  ...tableOptions
}: DynamoTenantSettingsStoreOptions): TenantSettingsStore {
  const { tableName, getDocumentClient } = connectJobsTable(tableOptions);
  assertValidEnv(env);
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
