import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { ReelConfig } from '@reel/config';
import { jobsTableOptionsFromConfig } from '@reel/jobs-table';
import { createApiKeys, type ApiKeys } from './api-keys';
import type { ApiKeyStore } from './api-key-store';
import { createDynamoApiKeyStore } from './dynamo-api-key-store';
import { createLocalApiKeyStore } from './local-api-key-store';

/**
 * The API keys a loaded config describes, switched like the manifest store: a file per env under
 * `MEDIA_STORAGE_PATH/.reel/api-keys/` locally, items in `REEL_JOBS_TABLE` on AWS.
 *
 * @example
 * const apiKeys = createApiKeysFromConfig(loadConfig(process.env));
 */
export function createApiKeysFromConfig(
  config: ReelConfig,
  options: { dynamoDbClient?: DynamoDBClient; instrumentClient?: <T>(client: T) => T } = {},
): ApiKeys {
  return createApiKeys({ store: createApiKeyStoreFromConfig(config, options), env: config.env });
}

/** The store alone, for tests and tools that work on records. */
export function createApiKeyStoreFromConfig(
  config: ReelConfig,
  {
    dynamoDbClient,
    instrumentClient,
  }: { dynamoDbClient?: DynamoDBClient; instrumentClient?: <T>(client: T) => T } = {},
): ApiKeyStore {
  if (config.backend === 'local') {
    return createLocalApiKeyStore({ rootDir: config.mediaStoragePath, env: config.env });
  }
  return createDynamoApiKeyStore({
    env: config.env,
    ...jobsTableOptionsFromConfig(config, { client: dynamoDbClient, instrumentClient }),
  });
}
