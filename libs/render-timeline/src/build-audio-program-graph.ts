import type { RenderOptions } from '@reel/media-types';
import { applyStages } from './apply-stages';
import { buildCutGraph } from './build-cut-graph';
import type { RenderGraphStage } from './build-render-graph';
import type { RenderTimeline } from './render-timeline';

/** The stand-in picture's side: tiny, so carrying it through the graph costs next to nothing. */
const STAND_IN_SIDE_PX = 16;

/** Options of {@link buildAudioProgramGraph}. */
export interface BuildAudioProgramGraphOptions {
  /** The whole timeline (not a chunk): the sound is encoded once for the whole render. */
  timeline: RenderTimeline;
  source: { hasAudio: boolean };
  /** The source's input index in the ffmpeg argv. */
  sourceInputIndex: number;
  options: Pick<RenderOptions, 'joinFadeMs' | 'mute'>;
  /** The stages that change the sound or the length: the intro/outro (not watermark or subtitles). */
  stages?: readonly RenderGraphStage[];
}

/** The sound of a whole render as a filter graph that reads no source picture. */
export interface AudioProgramGraph {
  filterScript: string;
  audioOut: string;
  outputDurationSec: number;
}

/**
 * The chunked render's sound: the same cut part as the one-pass render ({@link buildCutGraph}:
 * trims, join fades, mute/tone, atempo) and the same stages, so every sample matches, but the
 * source's video is replaced by a 16×16 black `color` source of the source's length (the graph's
 * shape stays, the picture costs nothing and ends in `nullsink`): the source's video stream is not
 * decoded. Pure.
 *
 * @example
 * const audio = buildAudioProgramGraph({ timeline, source: { hasAudio: true }, sourceInputIndex: 1,
 *   options, stages: [bumperStage] });
 * await runtime.concatRenderChunks({ chunks, audio: { inputs, ...audio }, … });
 */
export function buildAudioProgramGraph({
  timeline,
  source,
  sourceInputIndex,
  options,
  stages = [],
}: BuildAudioProgramGraphOptions): AudioProgramGraph {
  const rate = `${timeline.frameRate.num}/${timeline.frameRate.den}`;
  const side = STAND_IN_SIDE_PX;
  const cut = buildCutGraph({
    timeline,
    videoIn: 'aprog_standin',
    audioIn: source.hasAudio ? `${sourceInputIndex}:a:0` : undefined,
    joinFadeMs: options.joinFadeMs,
    mute: options.mute,
  });
  const chains = [
    `color=c=black:s=${side}x${side}:r=${rate}:d=${timeline.sourceDurationSec.toFixed(6)},format=yuv420p[aprog_standin]`,
    ...cut.chains,
    `[${cut.videoOut}]setsar=1[aprog_scaled]`,
  ];
  const staged = applyStages(
    {
      videoOut: 'aprog_scaled',
      audioOut: cut.audioOut,
      width: side,
      height: side,
      frameRate: timeline.frameRate,
      durationSec: timeline.mainDurationSec,
    },
    stages,
  );
  chains.push(...staged.chains);
  const current = staged.output;
  chains.push(`[${current.videoOut}]nullsink`);
  return {
    filterScript: `${chains.join(';\n')}\n`,
    audioOut: current.audioOut,
    outputDurationSec: current.durationSec,
  };
}
