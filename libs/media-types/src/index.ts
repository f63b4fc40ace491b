export { probeStreamSchema, probeSummarySchema, streamTypes } from './probe-summary';
export type { ProbeStream, ProbeStreamType, ProbeSummary } from './probe-summary';
export { guardrailOverridesSchema } from './guardrail-overrides';
export type { GuardrailOverridesDocument } from './guardrail-overrides';
export {
  BRANDING_ASSET_NAME_PATTERN,
  mergeRenderOptionsInput,
  renderModes,
  renderOptionsSchema,
  subtitleModes,
  transitionTypes,
  watermarkPositions,
  x264Presets,
} from './render-options';
export type {
  RenderMode,
  RenderOptions,
  RenderOptionsInput,
  SubtitleMode,
  TransitionType,
  WatermarkPosition,
  X264Preset,
} from './render-options';
export {
  RENDER_OPTIONS_JSON_SCHEMA_PATH,
  renderOptionsJsonSchema,
} from './render-options-json-schema';
export {
  LOUDNESS_TARGETS_LUFS,
  ladderRungsSchema,
  loudnessTargetLufs,
  transcodeOptionsSchema,
} from './transcode-options';
export type { TranscodeOptions, TranscodeOptionsInput } from './transcode-options';
export { parseOptionsDocument } from './parse-options-document';
export { displayedSize } from './displayed-size';
export type { PictureSize } from './displayed-size';
