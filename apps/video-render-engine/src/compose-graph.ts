import type { RenderOptions } from '@reel/media-types';
import {
  buildBumperPart,
  buildRenderGraph,
  buildWatermarkPart,
  type RenderGraph,
  type RenderGraphStage,
  type RenderTimeline,
} from '@reel/render-timeline';
import type { SourceShape } from './source-shape';

/** An ffmpeg input of the render: its path and its index in the argv's `-i` list. */
export interface RenderInput {
  path: string;
  index: number;
  /** The asset's storage key, for messages. */
  label: string;
}

/** The clips and image the render lays over or around the programme, already probed. */
export interface RenderBranding {
  watermark?: RenderInput;
  intro?: RenderInput & { durationSec: number };
  outro?: RenderInput & { durationSec: number };
}

// Every audio part of a render is normalised to this (the cut part's format).
const SAMPLE_RATE_HZ = 48_000;
const CHANNEL_LAYOUT = 'stereo';

/**
 * The render's one filter graph: the cut part and scale (from @reel/render-timeline), then the
 * watermark over the programme, then intro and outro around it, then (when given) the subtitle
 * burn-in over everything, so captions stay on screen across the bumpers' timing.
 *
 * @example
 * const graph = composeRenderGraph({ timeline, source, options, branding: {}, subtitleStage: undefined });
 */
export function composeRenderGraph({
  timeline,
  source,
  options,
  branding,
  subtitleStage,
}: {
  timeline: RenderTimeline;
  source: SourceShape;
  options: RenderOptions;
  branding: RenderBranding;
  subtitleStage: RenderGraphStage | undefined;
}): RenderGraph {
  const stages: RenderGraphStage[] = [];
  const { watermark, intro, outro } = branding;
  if (watermark !== undefined) {
    // The still is read as one frame (renderInputs), held by overlay to the programme's end.
    stages.push((input) =>
      buildWatermarkPart({
        videoIn: input.videoOut,
        watermarkIn: `${watermark.index}:v:0`,
        frame: { width: input.width, height: input.height },
        style: options.watermark,
      }),
    );
  }
  if (intro !== undefined || outro !== undefined) {
    stages.push((input) => ({
      ...buildBumperPart({
        main: { videoIn: input.videoOut, audioIn: input.audioOut },
        ...(intro === undefined
          ? {}
          : {
              intro: {
                videoIn: `${intro.index}:v:0`,
                audioIn: `${intro.index}:a:0`,
                durationSec: intro.durationSec,
              },
            }),
        ...(outro === undefined
          ? {}
          : {
              outro: {
                videoIn: `${outro.index}:v:0`,
                audioIn: `${outro.index}:a:0`,
                durationSec: outro.durationSec,
              },
            }),
        frame: { width: input.width, height: input.height },
        frameRate: input.frameRate,
        sampleRate: SAMPLE_RATE_HZ,
        channelLayout: CHANNEL_LAYOUT,
      }),
      durationSec: (intro?.durationSec ?? 0) + input.durationSec + (outro?.durationSec ?? 0),
    }));
  }
  if (subtitleStage !== undefined) stages.push(subtitleStage);
  return buildRenderGraph({
    timeline,
    source: { width: source.width, height: source.height, hasAudio: source.hasAudio },
    sourceInputIndex: 0,
    options,
    stages,
  });
}

/**
 * The ffmpeg inputs in index order: the source, then the branding files. The watermark is a
 * `still` input: one frame read by the image2 demuxer (the upload allow-list has no image format).
 */
export function renderInputs({
  sourcePath,
  sourceLabel,
  branding,
}: {
  sourcePath: string;
  sourceLabel: string;
  branding: RenderBranding;
}) {
  return [
    { path: sourcePath, inputLabel: sourceLabel },
    ...[branding.watermark, branding.intro, branding.outro]
      .filter((input) => input !== undefined)
      .sort((a, b) => a.index - b.index)
      .map(({ path, label, index }) => ({
        path,
        inputLabel: label,
        ...(index === branding.watermark?.index ? { still: true } : {}),
      })),
  ];
}
