import { join } from 'node:path';
import type { FfmpegRuntime } from '@reel/ffmpeg-runtime';
import type { ProbeSummary } from '@reel/media-types';
import type { RenderOptions } from '@reel/media-types';
import type { Rational, RenderTimeline } from '@reel/render-timeline';
import { burnInStage } from './burn-in-stage';
import { composeRenderGraph, renderInputs, type RenderBranding } from './compose-graph';
import type { EditedSubtitles } from './edited-subtitles';
import { RENDER_FILE_NAMES, scratchOutputPath, type OperationBounds } from './render-files';
import type { SourceShape } from './source-shape';

/** The rendered MP4 in the scratch dir, as ffprobe measures it. */
export interface MainRender {
  path: string;
  durationSec: number;
  width: number;
  height: number;
  videoCodec: string;
  audioCodec?: string;
  frameRate: Rational;
}

export interface RenderMainOptions {
  sourcePath: string;
  /** The source as the user knows it (its file name), for messages. */
  sourceLabel: string;
  source: SourceShape;
  timeline: RenderTimeline;
  options: RenderOptions;
  branding: RenderBranding;
  subtitles: EditedSubtitles | undefined;
  scratchDir: string;
  runtime: FfmpegRuntime;
  operation: OperationBounds;
  onProgress: (percent: number) => void;
}

/**
 * Renders `render.mp4` in one filter graph and one encode (cuts, scale, watermark, intro/outro,
 * burn-in) with the options' preset, CRF and bitrate, percent reported against the edited
 * duration, then reads what ffprobe measured. A long edit is rendered in chunks by the workflow's
 * Map instead (render-chunk-phases.ts).
 */
export async function renderMain(render: RenderMainOptions): Promise<MainRender> {
  const output = await scratchOutputPath(render.scratchDir, RENDER_FILE_NAMES.video);
  const { summary, graph } = await encodeTimeline({
    render,
    timeline: render.timeline,
    srt: render.subtitles?.srt,
    workDir: render.scratchDir,
    output,
  });
  return mainRenderOf({ path: output, summary, size: graph, frameRate: render.timeline.frameRate });
}

/**
 * One graph and one encode of `timeline` (the whole edit, or one chunk's) with the render's source,
 * branding, options and the burnt-in `srt` (when subtitles are burnt in), into `output`; the
 * graph's script and the SRT are written in `workDir`.
 */
export async function encodeTimeline({
  render,
  timeline,
  srt,
  workDir,
  output,
}: {
  render: RenderMainOptions;
  timeline: RenderTimeline;
  srt: string | undefined;
  workDir: string;
  output: string;
}): Promise<{ summary: ProbeSummary; graph: ReturnType<typeof composeRenderGraph> }> {
  const { options, runtime, operation } = render;
  const graph = composeRenderGraph({
    timeline,
    source: render.source,
    options,
    branding: render.branding,
    subtitleStage: await burnInStage({
      srt,
      options,
      path: join(workDir, 'burn-in.srt'),
      fontsDir: runtime.fontsDir,
    }),
  });
  const { summary } = await runtime.renderGraph({
    inputs: renderInputs(render),
    filterScript: graph.filterScript,
    scratchDir: workDir,
    videoOut: graph.videoOut,
    audioOut: graph.audioOut,
    output,
    expectedDurationSec: graph.outputDurationSec,
    preset: options.video.preset,
    crf: options.video.crf,
    audioBitrateKbps: options.audio.bitrateKbps,
    onProgress: ({ percent }) => render.onProgress(percent),
    ...operation,
  });
  return { summary, graph };
}

/** The render as ffprobe measured it (`size` where the probe has no dimensions). */
export function mainRenderOf({
  path,
  summary,
  size,
  frameRate,
}: {
  path: string;
  summary: ProbeSummary;
  size: { width: number; height: number };
  frameRate: Rational;
}): MainRender {
  const video = summary.streams.find(({ type }) => type === 'video');
  const audio = summary.streams.find(({ type }) => type === 'audio');
  return {
    path,
    durationSec: summary.durationSec,
    width: video?.width ?? size.width,
    height: video?.height ?? size.height,
    videoCodec: video?.codecName ?? 'h264',
    ...(audio === undefined ? {} : { audioCodec: audio.codecName }),
    frameRate,
  };
}
