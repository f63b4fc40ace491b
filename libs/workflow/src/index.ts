export { buildProcessingWorkflow } from './processing-workflow';
export type {
  AslDefinition,
  BuildProcessingWorkflowOptions,
  ProcessingExecutionInput,
} from './processing-workflow';
export { MAX_FAN_OUT_ITEMS, RUN_LEASE_TTL_MS, processingWorkflowTimeoutSec } from './run-lease-ttl';
export { createRunId } from './run-id';
export { buildExecutionName } from './execution-name';
export type { BuildExecutionNameOptions } from './execution-name';
export { finalizeService, processingSteps, stepOfState } from './workflow-steps';
export type {
  FanOutPhase,
  ProcessingStepName,
  WorkflowFanOut,
  WorkflowStep,
} from './workflow-steps';
export { localResourceFor, runWorkflowLocally } from './local-execution';
export type {
  InvokeService,
  LocalExecutionResult,
  RunWorkflowLocallyOptions,
} from './local-execution';
export { intakeFile } from './job-intake';
export type { IntakeFileOptions, IntakeResult } from './job-intake';
export { planRun } from './run-plan';
export type { RunPlan } from './run-plan';
export {
  createLocalWorkflowStarter,
  createStepFunctionsStarter,
  createWorkflowStarterFromConfig,
  executionArnOf,
} from './workflow-starter';
export type {
  LocalWorkflowStarterOptions,
  StartWorkflowOptions,
  StepFunctionsStarterOptions,
  StopWorkflowOptions,
  WorkflowStarter,
} from './workflow-starter';
