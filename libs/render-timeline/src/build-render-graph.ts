import type { RenderOptions } from '@reel/media-types';
import { applyStages } from './apply-stages';
import { buildCutGraph } from './build-cut-graph';
import type { GraphPart, Rational, RenderTimeline } from './render-timeline';
import { renderOutputSize } from './render-output-size';

/** What a stage after the cut part receives: the current outputs and the render's shape. */
export interface RenderGraphStageInput {
  videoOut: string;
  audioOut: string;
  width: number;
  height: number;
  frameRate: Rational;
  /** How long the programme lasts before this stage. */
  durationSec: number;
}

/**
 * A later part of the graph (watermark, intro/outro, subtitle burn-in): reads the current
 * outputs, returns its chains and new outputs. `audioOut` absent: the audio passes unchanged;
 * `durationSec` absent: the length is unchanged (an intro/outro returns the new length).
 */
export type RenderGraphStage = (
  input: RenderGraphStageInput,
) => GraphPart & { durationSec?: number };

/** Options of {@link buildRenderGraph}. */
export interface BuildRenderGraphOptions {
  timeline: RenderTimeline;
  /** The source's frame size (probed). */
  source: { width: number; height: number; hasAudio: boolean };
  /** The source's input index in the ffmpeg argv. Default 0. */
  sourceInputIndex?: number;
  options: Pick<RenderOptions, 'joinFadeMs' | 'mute' | 'video'>;
  /** Applied in this order after the scale: e.g. watermark, intro/outro, subtitle burn-in. */
  stages?: readonly RenderGraphStage[];
}

/** The whole render's filter graph, for `-filter_complex_script`. */
export interface RenderGraph {
  filterScript: string;
  videoOut: string;
  audioOut: string;
  width: number;
  height: number;
  outputDurationSec: number;
}

/**
 * Composes the render's one filter graph: the cut part ({@link buildCutGraph}), a scale to
 * {@link renderOutputSize} (never up, even sides, square pixels), then each stage in order (the
 * app passes the watermark, intro/outro and subtitle parts; each reads the previous outputs).
 * One chain per line. Pure.
 *
 * @example
 * const graph = buildRenderGraph({ timeline, source: { width: 1920, height: 1080, hasAudio: true },
 *   options, stages: [(input) => buildWatermarkPart({ ...input, … })] });
 * await runtime.renderGraph({ inputs, filterScript: graph.filterScript, videoOut: graph.videoOut, … });
 */
export function buildRenderGraph({
  timeline,
  source,
  sourceInputIndex = 0,
  options,
  stages = [],
}: BuildRenderGraphOptions): RenderGraph {
  const cut = buildCutGraph({
    timeline,
    videoIn: `${sourceInputIndex}:v:0`,
    audioIn: source.hasAudio ? `${sourceInputIndex}:a:0` : undefined,
    joinFadeMs: options.joinFadeMs,
    mute: options.mute,
  });
  const { width, height } = renderOutputSize({ ...source, maxHeight: options.video.maxHeight });
  const chains = [
    ...cut.chains,
    `[${cut.videoOut}]scale=${width}:${height}:flags=bicubic,setsar=1,format=yuv420p[render_scaled]`,
  ];
  const staged = applyStages(
    {
      videoOut: 'render_scaled',
      audioOut: cut.audioOut,
      width,
      height,
      frameRate: timeline.frameRate,
      durationSec: timeline.mainDurationSec,
    },
    stages,
  );
  chains.push(...staged.chains);
  const current = staged.output;
  assertUniqueOutputs(chains);
  return {
    filterScript: `${chains.join(';\n')}\n`,
    videoOut: current.videoOut,
    audioOut: current.audioOut,
    width,
    height,
    outputDurationSec: current.durationSec,
  };
}

function assertUniqueOutputs(chains: string[]): void {
  const outputs = chains.flatMap((chain) => trailingLabels(chain));
  const seen = new Set<string>();
  for (const output of outputs) {
    if (seen.has(output)) throw new TypeError(`Two graph parts write the label [${output}]`);
    seen.add(output);
  }
}

/** The output labels of a chain: the `[label]`s at its end. */
function trailingLabels(chain: string): string[] {
  const trailing = /(?:\[[^\]]+\])+\s*$/.exec(chain)?.[0] ?? '';
  return [...trailing.matchAll(/\[([^\]]+)\]/g)].map((label) => label[1] ?? '');
}
