import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { ReelConfig } from '@reel/config';
import { jobsTableOptionsFromConfig } from '@reel/jobs-table';
import { createDynamoTenantSettingsStore } from './dynamo-tenant-settings-store';
import { createLocalTenantSettingsStore } from './local-tenant-settings-store';
import type { TenantSettingsStore } from './tenant-settings-store';

/**
 * The store a loaded config describes, switched like the manifest store: a file per tenant under
 * `MEDIA_STORAGE_PATH` locally, an item in `REEL_JOBS_TABLE` on AWS (`REEL_DYNAMODB_ENDPOINT` when set).
 *
 * @example
 * const tenantSettings = createTenantSettingsStoreFromConfig(loadConfig(process.env));
 */
export function createTenantSettingsStoreFromConfig(
  config: ReelConfig,
  {
    dynamoDbClient,
    instrumentClient,
  }: { dynamoDbClient?: DynamoDBClient; instrumentClient?: <T>(client: T) => T } = {},
): TenantSettingsStore {
  if (config.backend === 'local') {
    return createLocalTenantSettingsStore({ rootDir: config.mediaStoragePath, env: config.env });
  }
  return createDynamoTenantSettingsStore({
    env: config.env,
    ...jobsTableOptionsFromConfig(config, { client: dynamoDbClient, instrumentClient }),
  });
}
