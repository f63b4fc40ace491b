export {
  ensureJobsTable,
  jobsTableAttributes,
  jobsTableDefinition,
  jobsTableIndexes,
} from './jobs-table';
export type { EnsureJobsTableOptions } from './jobs-table';
export {
  connectJobsTable,
  getItemByKey,
  isConditionalCheckFailed,
  jobsTableOptionsFromConfig,
  lazyDocumentClient,
  loadDynamoSdk,
  putIfCondition,
  putVersionedItem,
} from './dynamo-sdk';
export type {
  DocumentClientOptions,
  DynamoSdk,
  JobsTableConnection,
  JobsTableOptions,
  PutVersionedItemOptions,
} from './dynamo-sdk';
export { assertStoreEnv, prepareVersionedPut, staleVersionError } from './versioned-document';
export type {
  DocumentNaming,
  PrepareVersionedPutOptions,
  VersionedDocument,
} from './versioned-document';
