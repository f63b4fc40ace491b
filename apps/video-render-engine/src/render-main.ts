import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PINNED_FONT_NAME, type FfmpegRuntime } from '@reel/ffmpeg-runtime';
import type { RenderOptions } from '@reel/media-types';
import type { Observability } from '@reel/observability';
import {
  buildSubtitleBurnPart,
  type Rational,
  type RenderGraphStage,
  type RenderTimeline,
} from '@reel/render-timeline';
import type { GuardrailOverrides } from '@reel/ffmpeg-runtime';
import { composeRenderGraph, type RenderBranding } from './compose-graph';
import type { EditedSubtitles } from './edited-subtitles';
import { RENDER_FILE_NAMES, scratchOutputPath } from './render-files';
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
  operation: {
    deadlineAtMs: number;
    signal: AbortSignal;
    observability: Observability;
    guardrails?: GuardrailOverrides;
  };
  onProgress: (percent: number) => void;
}

/**
 * Renders `render.mp4`: one filter graph (cuts, scale, watermark, intro/outro) and one H.264/AAC
 * encode with the options' preset, CRF and bitrate, percent reported against the edited duration;
 * then probes what was written.
 */
export async function renderMain({
  sourcePath,
  sourceLabel,
  source,
  timeline,
  options,
  branding,
  subtitles,
  scratchDir,
  runtime,
  operation,
  onProgress,
}: RenderMainOptions): Promise<MainRender> {
  const graph = composeRenderGraph({
    timeline,
    source,
    options,
    branding,
    subtitleStage: await burnInStage({
      subtitles,
      options,
      scratchDir,
      fontsDir: runtime.fontsDir,
    }),
  });
  const output = await scratchOutputPath(scratchDir, RENDER_FILE_NAMES.video);
  // A still is read by the image2 demuxer (the container allow-list has no image formats).
  const inputs = [
    { path: sourcePath, inputLabel: sourceLabel },
    ...[branding.watermark, branding.intro, branding.outro]
      .filter((input) => input !== undefined)
      .sort((a, b) => a.index - b.index)
      .map(({ path, label, index }) => ({
        path,
        inputLabel: label,
        ...(index === branding.watermark?.index ? { loop: true } : {}),
      })),
  ];
  const { summary } = await runtime.renderGraph({
    inputs,
    filterScript: graph.filterScript,
    scratchDir,
    videoOut: graph.videoOut,
    audioOut: graph.audioOut,
    output,
    expectedDurationSec: graph.outputDurationSec,
    preset: options.video.preset,
    crf: options.video.crf,
    audioBitrateKbps: options.audio.bitrateKbps,
    onProgress: ({ percent }) => onProgress(percent),
    ...operation,
  });
  const video = summary.streams.find(({ type }) => type === 'video');
  const audio = summary.streams.find(({ type }) => type === 'audio');
  return {
    path: output,
    durationSec: summary.durationSec,
    width: video?.width ?? graph.width,
    height: video?.height ?? graph.height,
    videoCodec: video?.codecName ?? 'h264',
    ...(audio === undefined ? {} : { audioCodec: audio.codecName }),
    frameRate: timeline.frameRate,
  };
}

/**
 * The burn-in stage when the options ask for it and the job has a transcript: the re-timed SRT
 * written to the scratch dir, drawn by libass with the pinned font over the whole render (intro
 * and outro included, so its times are the render's).
 */
async function burnInStage({
  subtitles,
  options,
  scratchDir,
  fontsDir,
}: {
  subtitles: EditedSubtitles | undefined;
  options: RenderOptions;
  scratchDir: string;
  fontsDir: string;
}): Promise<RenderGraphStage | undefined> {
  const burn = options.subtitles.mode === 'burn' || options.subtitles.mode === 'both';
  if (!burn || subtitles === undefined || subtitles.cueCount === 0) return undefined;
  const subtitlePath = join(scratchDir, 'burn-in.srt');
  await writeFile(subtitlePath, subtitles.srt, 'utf8');
  return (input) =>
    buildSubtitleBurnPart({
      videoIn: input.videoOut,
      subtitlePath,
      fontsDir,
      fontName: PINNED_FONT_NAME,
      frameHeight: input.height,
      style: options.subtitles,
    });
}
