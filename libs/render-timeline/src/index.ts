export type {
  GraphPart,
  Rational,
  RemovedSpan,
  RenderTimeline,
  TimelinePiece,
} from './render-timeline';
export { buildWatermarkPart } from './branding-watermark-part';
export type { BuildWatermarkPartOptions, WatermarkStyle } from './branding-watermark-part';
export { buildBumperPart } from './branding-bumper-part';
export type { AvLabels, BuildBumperPartOptions, BumperInput } from './branding-bumper-part';
export { mapSourceSpanToOutput, mapSourceTimeToOutput } from './map-source-time';
export type { OutputSpan } from './map-source-time';
export { MIN_READABLE_CUE_MS, retimeCues } from './retime-cues';
export type { RetimeCuesOptions } from './retime-cues';
export { retimeTranscript } from './retime-transcript';
export type { RetimeTranscriptOptions } from './retime-transcript';
export {
  BUMPER_MAX_DURATION_SEC,
  WATERMARK_MAX_BYTES,
  WATERMARK_MAX_SIDE_PX,
  checkBrandingAsset,
} from './check-branding-asset';
export type {
  BrandingAssetKind,
  BrandingAssetSummary,
  CheckBrandingAssetOptions,
} from './check-branding-asset';
export { buildRenderTimeline } from './build-render-timeline';
export type { BuildRenderTimelineOptions } from './build-render-timeline';
export { RENDER_SAMPLE_RATE_HZ, buildCutGraph } from './build-cut-graph';
export type { BuildCutGraphOptions } from './build-cut-graph';
export { buildRenderGraph } from './build-render-graph';
export type {
  BuildRenderGraphOptions,
  RenderGraph,
  RenderGraphStage,
  RenderGraphStageInput,
} from './build-render-graph';
export { renderOutputSize } from './render-output-size';
export { buildSubtitleBurnPart, SRT_PLAY_RES_Y } from './build-subtitle-burn-part';
export type { BuildSubtitleBurnPartOptions, SubtitleBurnStyle } from './build-subtitle-burn-part';
export { escapeFilterValue } from './escape-filter-value';
export { buildRemovedPreviewGraph, sourceTimecode } from './build-removed-preview-graph';
export type {
  BuildRemovedPreviewGraphOptions,
  RemovedPreviewGraph,
} from './build-removed-preview-graph';
export { planRenderChunks } from './plan-render-chunks';
export type { PlanRenderChunksOptions, RenderChunk, RenderChunkPlan } from './plan-render-chunks';
export { cuesForChunk } from './chunk-cues';
export type { CuesForChunkOptions } from './chunk-cues';
export { buildAudioProgramGraph } from './build-audio-program-graph';
export type { AudioProgramGraph, BuildAudioProgramGraphOptions } from './build-audio-program-graph';
export { AUDIO_ONLY_FRAME_RATE, buildAudioOnlyTimeline } from './build-audio-only-timeline';
export type { BuildAudioOnlyTimelineOptions } from './build-audio-only-timeline';
