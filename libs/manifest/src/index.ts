export { errorInfoSchema } from './error-info-schema';
export { probeStreamSchema, probeSummarySchema, streamTypes } from './probe-summary-schema';
export type { ProbeStream, ProbeSummary } from './probe-summary-schema';
export {
  MANIFEST_SCHEMA_VERSION,
  STEP_NAME_PATTERN,
  attemptStatuses,
  audioResultSchema,
  planResultSchema,
  transcriptResultSchema,
  jobInputSchema,
  jobManifestSchema,
  jobStatuses,
  stepAttemptSchema,
  stepOutputSchema,
  stepRecordSchema,
  stepResultsSchema,
  stepStatuses,
} from './job-manifest-schema';
export type {
  AttemptStatus,
  AudioResult,
  PlanResult,
  TranscriptResult,
  JobInput,
  JobManifest,
  JobStatus,
  StepAttempt,
  StepOutput,
  StepRecord,
  StepResults,
  StepStatus,
} from './job-manifest-schema';
export { JOB_MANIFEST_JSON_SCHEMA_PATH, jobManifestJsonSchema } from './job-manifest-json-schema';
export { parseStoredManifest } from './manifest-validation';
export { createJobManifest } from './create-job-manifest';
export type { CreateJobManifestOptions } from './create-job-manifest';
export { finishStepAttempt, skipStep, startStepAttempt } from './step-bookkeeping';
export type {
  FinishStepAttemptOptions,
  SkipStepOptions,
  StartStepAttemptOptions,
} from './step-bookkeeping';
export { DEFAULT_LIST_LIMIT, MAX_LIST_LIMIT } from './manifest-store';
export type { JobRef, ListJobsOptions, ListJobsPage, ManifestStore } from './manifest-store';
export { manifestUpdateRetryPolicy, updateManifest } from './update-manifest';
export type { ManifestMutation, UpdateManifestOptions } from './update-manifest';
export { createLocalManifestStore } from './local-manifest-store';
export type { LocalManifestStoreOptions } from './local-manifest-store';
export type { FileLockOptions } from './file-lock';
export { createDynamoManifestStore } from './dynamo-manifest-store';
export type { DynamoManifestStoreOptions } from './dynamo-manifest-store';
export {
  ensureJobsTable,
  jobsTableAttributes,
  jobsTableDefinition,
  jobsTableIndexes,
} from './jobs-table';
export type { EnsureJobsTableOptions } from './jobs-table';
