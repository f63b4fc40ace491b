export { createFfmpegRuntime } from './create-ffmpeg-runtime';
export type { FfmpegRuntime, FfmpegRuntimeOptions } from './create-ffmpeg-runtime';
export type { MediaOperationOptions } from './operation-context';
export type { PacketScan } from './scan-packets';
export type { OperationOptions, OperationRun } from './run-operation';
export type { ProcessRun } from './run-process';
export type { FfmpegProgress } from './progress-parser';
export type { SilenceSpan } from './parse-silence-log';
export type { RuntimeReport } from './validate-runtime';
export { DEFAULT_GUARDRAILS, tightenGuardrails } from './guardrails';
export type { GuardrailOverrides, Guardrails } from './guardrails';
export { sweepStaleScratch, withScratchDir } from './scratch-dir';
export type { ScratchDirOptions, SweepStaleScratchOptions } from './scratch-dir';
export type { PodcastMp3Options, PodcastMp3Run } from './podcast-mp3';
export type { LoudnessMeasurement } from './parse-loudnorm-report';
export { PODCAST_SAMPLE_RATE_HZ } from './build-loudnorm-args';
export { PINNED_FONT_FILE_NAME, PINNED_FONT_NAME } from './pinned-font';
export type { RenderGraphInput } from './build-render-graph-args';
export type { RenderGraphOptions, RenderGraphRun } from './render-graph';
export { buildConcatList } from './build-concat-chunks-args';
export type { ConcatListEntry } from './build-concat-chunks-args';
export type { ConcatRenderChunksOptions, RenderedChunk } from './concat-render-chunks';
export { FLAC_MAX_BYTES_PER_SEC } from './render-audio-graph';
export type { RenderAudioGraphOptions } from './render-audio-graph';
export type { ExtractPosterOptions, Poster } from './extract-poster';
export type { ExtractThumbnailsOptions, Thumbnails } from './extract-thumbnails';
export type { SpriteTile } from './sprite-tiles';
export type { Loudness } from './parse-ebur128-summary';
export type { LoudnormFirstPass, MeasureLoudnormOptions } from './measure-loudnorm';
export type { LoudnormMeasured, LoudnessTargets } from './build-loudnorm-args';
export type { LoudnormReport } from './parse-loudnorm-report';
export type { EncodeLadderPlan, EncodeLadderRung, LadderSpan } from './build-encode-ladder-args';
export type { EncodeLadderOptions, EncodeLadderRun, EncodedRung } from './encode-ladder';
export type { JoinedVideo, JoinVideoChunksOptions } from './join-video-chunks';
export { AAC_TRUE_PEAK_DBTP } from './encode-aac-rendition';
export type {
  AacRendition,
  AacRenditionPlan,
  EncodeAacRenditionOptions,
} from './encode-aac-rendition';
export { CMAF_INIT_NAME, CMAF_PLAYLIST_NAME, CMAF_SEGMENT_PATTERN } from './package-cmaf';
export type { CmafRendition, CmafSegment, PackageCmafOptions } from './package-cmaf';
export type { ProgressiveMp4, RemuxProgressiveMp4Options } from './remux-progressive-mp4';
export { buildCutAudioClipArgs } from './cut-audio-clip';
export type { CutAudioClipOptions } from './cut-audio-clip';
