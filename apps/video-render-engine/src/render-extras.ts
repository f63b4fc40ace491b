import type { FfmpegRuntime } from '@reel/ffmpeg-runtime';
import type { RenderOptions } from '@reel/media-types';
import { buildRemovedPreviewGraph, type RenderTimeline } from '@reel/render-timeline';
import { RENDER_FILE_NAMES, scratchOutputPath, type OperationBounds } from './render-files';

// The preview is for checking the planner by eye: small and fast beats pretty.
const PREVIEW_PRESET = 'veryfast';
const PREVIEW_CRF = 28;
const PREVIEW_AUDIO_KBPS = 128;

/** The files made beside the render, in the scratch dir; absent when not asked for or not due. */
export interface RenderExtras {
  mp3?: { path: string; durationSec: number };
  preview?: { path: string; durationSec: number };
}

/**
 * The podcast episode (`episode.mp3`: the render's sound, two-pass loudnorm to the options'
 * integrated loudness and true peak) and the preview of what was removed, each when the options
 * ask for it (the preview only when something was removed: the removed spans of the source, low
 * resolution, each labelled with its reason and source timecodes in the pinned font).
 */
export async function renderExtras({
  renderPath,
  sourcePath,
  sourceLabel,
  hasAudio,
  timeline,
  options,
  scratchDir,
  runtime,
  operation,
  onProgress,
}: {
  renderPath: string;
  sourcePath: string;
  /** The source as the user knows it (its file name), for messages. */
  sourceLabel: string;
  hasAudio: boolean;
  timeline: RenderTimeline;
  options: RenderOptions;
  scratchDir: string;
  runtime: FfmpegRuntime;
  operation: OperationBounds;
  onProgress: (phase: 'podcast' | 'preview', percent: number) => void;
}): Promise<RenderExtras> {
  const extras: RenderExtras = {};
  if (options.podcast.use) {
    const output = await scratchOutputPath(scratchDir, RENDER_FILE_NAMES.mp3);
    await runtime.encodePodcastMp3({
      input: renderPath,
      inputLabel: RENDER_FILE_NAMES.video,
      output,
      integratedLufs: options.podcast.integratedLufs,
      truePeakDb: options.podcast.truePeakDb,
      bitrateKbps: options.podcast.bitrateKbps,
      onProgress: ({ percent }) => onProgress('podcast', percent),
      ...operation,
    });
    const { durationSec } = await runtime.probe({
      input: output,
      deadlineAtMs: operation.deadlineAtMs,
      signal: operation.signal,
      observability: operation.observability,
    });
    extras.mp3 = { path: output, durationSec };
  }
  const preview = options.preview.use
    ? buildRemovedPreviewGraph({
        timeline,
        height: options.preview.height,
        fontFile: runtime.fontFile,
        ...(hasAudio ? { audioIn: '0:a:0' } : {}),
      })
    : undefined;
  if (preview !== undefined) {
    const output = await scratchOutputPath(scratchDir, RENDER_FILE_NAMES.preview);
    const { summary } = await runtime.renderGraph({
      inputs: [{ path: sourcePath, inputLabel: sourceLabel }],
      filterScript: preview.filterScript,
      scratchDir,
      videoOut: preview.videoOut,
      audioOut: preview.audioOut,
      output,
      expectedDurationSec: preview.outputDurationSec,
      preset: PREVIEW_PRESET,
      crf: PREVIEW_CRF,
      audioBitrateKbps: PREVIEW_AUDIO_KBPS,
      onProgress: ({ percent }) => onProgress('preview', percent),
      ...operation,
    });
    extras.preview = { path: output, durationSec: summary.durationSec };
  }
  return extras;
}
