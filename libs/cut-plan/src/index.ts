export {
  CUT_PLAN_SCHEMA_VERSION,
  cutActions,
  cutPlanSchema,
  cutPlanSegmentSchema,
  cutPlanSourceSchema,
  cutReasons,
} from './cut-plan-schema';
export type {
  CutAction,
  CutPlan,
  CutPlanSegment,
  CutPlanSource,
  CutReason,
} from './cut-plan-schema';
export {
  DEFAULT_CUT_PLAN_OPTIONS,
  cutPlanModes,
  cutPlanOptionsSchema,
  planCutsOptionsSchema,
} from './cut-plan-options';
export type {
  CutPlanMode,
  CutPlanOptions,
  PlanCutsOptions,
  ResolvedPlanCutsOptions,
} from './cut-plan-options';
export { CUT_PLAN_JSON_SCHEMA_PATH, cutPlanJsonSchema } from './cut-plan-json-schema';
export { parseCutPlan, serializeCutPlan, validateCutPlan } from './parse-cut-plan';
export { planCuts } from './plan-cuts';
export type { PlanCutsInput } from './plan-cuts';
export type { PlanWord } from './classify-words';
export type { Span } from './spans';
export { summarizeCutPlan } from './summarize-cut-plan';
export type { CutPlanSummary } from './summarize-cut-plan';
export {
  DEFAULT_FRAME_RATE,
  frameRateFromFps,
  frameRateSchema,
  framesToMs,
  msToFrames,
  rationalSeconds,
} from './frame-rate';
export type { FrameRate } from './frame-rate';
export { framesToTimecode, timecodeBase, timecodeToFrames } from './timecode';
export { writeEdl } from './write-edl';
export type { EdlOptions } from './write-edl';
export { parseEdl } from './parse-edl';
export type { EdlEvent, ParsedEdl } from './parse-edl';
export { writeFcpxml } from './write-fcpxml';
export type { FcpxmlOptions } from './write-fcpxml';
export { editCutPlanSegment, segmentEdits } from './edit-cut-plan';
export type { SegmentEdit } from './edit-cut-plan';
export {
  cutPlanSha256,
  cutPlanVersionName,
  cutPlanVersionOfKey,
  cutPlanVersionRecord,
  findCutPlanVersion,
  isCutPlanHandEdited,
  nextCutPlanVersion,
  replanKeepsCurrent,
} from './plan-versions';
export type { CutPlanVersionRecord, CutPlanVersionState } from './plan-versions';
