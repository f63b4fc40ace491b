export { DEADLINE_SAFETY_MARGIN_MS } from './lambda-context';
export type { LambdaContextLike } from './lambda-context';
export { RUN_ID_PATTERN, jobEventRefSchema, parseEvent } from './job-event';
export type { JobEventRef } from './job-event';
export { createProgressReporter } from './progress-reporter';
export type { ProgressMessage, ProgressUpdate } from './progress-reporter';
export { buildAtInit, createServiceDependencies } from './service-dependencies';
export type {
  BuildAtInitOptions,
  CreateServiceDependenciesOptions,
  ServiceDependencies,
} from './service-dependencies';
export { removeRehearsalLeftovers } from './rehearse-step-frame';
export { createStepHandler } from './create-step-handler';
export type {
  CreateStepHandlerOptions,
  StepContext,
  StepOutcome,
  StepResponse,
} from './create-step-handler';
export { runJobInvocation } from './job-invocation';
export type { Invocation, JobInvocation, RunJobInvocationOptions } from './job-invocation';
export { createJobHandler } from './create-job-handler';
export type { CreateJobHandlerOptions, JobContext } from './create-job-handler';
export { assertHoldsRunLease } from './assert-holds-run-lease';
export type { AssertHoldsRunLeaseOptions } from './assert-holds-run-lease';
export { fetchJobInput } from './fetch-job-input';
export type { FetchJobInputOptions } from './fetch-job-input';
export { publishStepOutputs } from './publish-step-outputs';
export type { PublishStepOutputsOptions, StepOutputFile } from './publish-step-outputs';
export { createFanOutStepHandler } from './create-fan-out-step-handler';
export type {
  AbandonContext,
  ChunkContext,
  CreateFanOutStepHandlerOptions,
  FanOutContext,
  FanOutPlan,
  FanOutStepResponse,
} from './create-fan-out-step-handler';
export {
  readRunningAttempt,
  recordStepFailure,
  recordStepStart,
  recordStepSuccess,
} from './step-attempt-records';
export type { StepAttemptRef } from './step-attempt-records';
export { taskFailureError, taskFailureSchema } from './task-failure-error';
export { readJobTranscript } from './read-job-transcript';
export type { ReadJobTranscriptOptions } from './read-job-transcript';
export { chunkFolderName, removeRunChunks, runChunkKey } from './run-chunk-objects';
