export { MANIFEST_SCHEMA_VERSION, jobStatuses } from './job-manifest-schema';
export type {
  JobInput,
  JobManifest,
  JobRun,
  JobStatus,
  JobUpload,
  StepOutput,
  StepRecord,
  StepResults,
  TranscodeResult,
  VideoRendition,
  AudioRendition,
  LoudnessResult,
} from './job-manifest-schema';
export { parseStoredManifest } from './manifest-validation';
export { createJobManifest } from './create-job-manifest';
export type { CreateJobManifestOptions } from './create-job-manifest';
export { finishStepAttempt, startStepAttempt } from './step-bookkeeping';
export { failRun } from './fail-run';
export type { FailRunOptions } from './fail-run';
export { nextRunNumber, startRun } from './start-run';
export { requireJobInput } from './require-job-input';
export type { StartRunOptions } from './start-run';
export type { AcquireRunLeaseOptions, JobRef, ManifestStore, RunLease } from './manifest-store';
export { updateManifest } from './update-manifest';
export { createManifestStoreFromConfig } from './create-manifest-store';
