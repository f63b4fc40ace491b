export { createApiKeys } from './api-keys';
export type { ApiKeys, CreateApiKeysOptions, CreatedApiKey, VerifiedApiKey } from './api-keys';
export { createApiKeysFromConfig, createApiKeyStoreFromConfig } from './create-api-keys';
export type { ApiKeyStore } from './api-key-store';
export { apiKeyRecordSchema, toApiKeySummary } from './api-key-record';
export type { ApiKeyRecord, ApiKeySummary } from './api-key-record';
export {
  API_KEY_ID_PATTERN,
  API_KEY_SECRET_BYTES,
  generateApiKeyToken,
  hashApiKeySecret,
  parseApiKeyToken,
} from './api-key-token';
export { API_KEYS_FOLDER, createLocalApiKeyStore } from './local-api-key-store';
export type { LocalApiKeyStoreOptions } from './local-api-key-store';
export { createDynamoApiKeyStore } from './dynamo-api-key-store';
export type { DynamoApiKeyStoreOptions } from './dynamo-api-key-store';
