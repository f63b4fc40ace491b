import type { RenderGraphStage, RenderGraphStageInput } from './build-render-graph';

/**
 * Runs each stage on the labels, size, rate and length the previous one left (the first on
 * `input`): their chains in order, and what the last one leaves. A stage without an audio output
 * or a length keeps the ones before it.
 *
 * @example
 * const { chains, output } = applyStages(
 *   { videoOut: 'render_scaled', audioOut: 'cut_a', width: 1280, height: 720, frameRate, durationSec: 50 },
 *   [watermarkStage, subtitleStage],
 * );
 */
export function applyStages(
  input: RenderGraphStageInput,
  stages: readonly RenderGraphStage[],
): { chains: string[]; output: RenderGraphStageInput } {
  const chains: string[] = [];
  let current = input;
  for (const stage of stages) {
    const part = stage(current);
    chains.push(...part.chains);
    current = {
      ...current,
      videoOut: part.videoOut,
      audioOut: part.audioOut ?? current.audioOut,
      durationSec: part.durationSec ?? current.durationSec,
    };
  }
  return { chains, output: current };
}
