import { join } from 'node:path';
import { buildRenderGraphArgs, type RenderGraphInput } from './build-render-graph-args';
import type { GuardrailOverrides } from './guardrails';
import type { OperationOptions } from './run-operation';
import {
  graphEncodeLimits,
  runGraphEncode,
  type RenderGraphContext,
  type RenderGraphRun,
} from './run-graph-encode';

export type { RenderGraphContext, RenderGraphRun } from './run-graph-encode';

/** Options of {@link renderGraph}. */
export interface RenderGraphOptions extends Omit<OperationOptions, 'inputLabel' | 'durationSec'> {
  /**
   * The source first, then the stills and clips the graph reads; a failure names the input it is
   * about by its `inputLabel` (the source's when ffmpeg names none).
   */
  inputs: readonly RenderGraphInput[];
  /** The whole filter graph (`buildRenderGraph`'s `filterScript`). */
  filterScript: string;
  /** Where the script file is written (the job's scratch directory). */
  scratchDir: string;
  videoOut: string;
  audioOut: string;
  /** Absolute path of the MP4 to write. */
  output: string;
  /** The render's expected length: the base of progress percentages. */
  expectedDurationSec: number;
  /** Default `veryfast`. */
  preset?: string;
  /** Default 20. */
  crf?: number;
  /** Default 160. */
  audioBitrateKbps?: number;
  /** A tenant's or job's overrides; they only tighten the runtime's guardrails. */
  guardrails?: GuardrailOverrides;
}

/**
 * One filter graph, one encode (see `buildRenderGraphArgs`): the script is written to
 * `scratchDir` and read with `-filter_complex_script`, every input is read at most the duration
 * guardrail, the MP4 at most what 64 Mbit/s allows; decode errors counted, `deadlineAtMs`/`signal`
 * honoured, progress against `expectedDurationSec`. Returns the run and the output's probe; a
 * failure removes the output and the script.
 *
 * @example
 * const graph = buildRenderGraph({ timeline, source, options });
 * const { summary } = await runtime.renderGraph({ inputs: [{ path: input, inputLabel: 'talk.mp4' }],
 *   filterScript: graph.filterScript, videoOut: graph.videoOut, audioOut: graph.audioOut, scratchDir,
 *   output: join(scratchDir, 'render.mp4'), expectedDurationSec: graph.outputDurationSec, onProgress });
 */
export async function renderGraph(
  context: RenderGraphContext,
  {
    inputs,
    filterScript,
    scratchDir,
    videoOut,
    audioOut,
    output,
    expectedDurationSec,
    preset = 'veryfast',
    crf = 20,
    audioBitrateKbps = 160,
    guardrails,
    ...options
  }: RenderGraphOptions,
): Promise<RenderGraphRun> {
  const limits = graphEncodeLimits(context, { scratchDir, expectedDurationSec, guardrails });
  const filterScriptPath = join(scratchDir, 'render-graph.txt');
  const args = buildRenderGraphArgs({
    inputs,
    filterScriptPath,
    videoOut,
    audioOut,
    output,
    preset,
    crf,
    audioBitrateKbps,
    readLimitSec: limits.readLimitSec,
    maxOutputBytes: limits.maxOutputBytes,
  });
  return runGraphEncode(context, {
    operation: 'render-graph',
    args,
    inputs,
    output,
    expectedDurationSec,
    limits,
    options,
    scratchFiles: [{ path: filterScriptPath, text: filterScript }],
  });
}
