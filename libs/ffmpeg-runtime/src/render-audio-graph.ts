import { join } from 'node:path';
import { InternalError } from '@reel/error-taxonomy';
import { buildRenderAudioGraphArgs } from './build-render-audio-graph-args';
import type { RenderGraphInput } from './build-render-graph-args';
import type { GuardrailOverrides } from './guardrails';
import { READ_MARGIN_SEC, outputByteLimit } from './output-limits';
import type { OperationOptions } from './run-operation';
import {
  graphEncodeLimits,
  runGraphEncode,
  type RenderGraphContext,
  type RenderGraphRun,
} from './run-graph-encode';

/**
 * The most a FLAC of a render's sound may take per second: 48 kHz stereo at 24 bits stored
 * verbatim (288 000 B/s), plus framing; FLAC never needs more than that.
 */
export const FLAC_MAX_BYTES_PER_SEC = 300_000;

/** Options of {@link renderAudioGraph}. */
export interface RenderAudioGraphOptions extends Omit<
  OperationOptions,
  'inputLabel' | 'durationSec'
> {
  /** The source first; a failure names the input it is about by its `inputLabel`. */
  inputs: readonly RenderGraphInput[];
  /** The whole filter graph; any picture it makes must end in a sink inside it. */
  filterScript: string;
  /** Where the script file is written (the job's scratch directory). */
  scratchDir: string;
  /** The graph's sound output label. */
  audioOut: string;
  /** Absolute path of the FLAC to write. */
  output: string;
  /** The sound's expected length: the base of progress percentages. */
  expectedDurationSec: number;
  /** A tenant's or job's overrides; they only tighten the runtime's guardrails. */
  guardrails?: GuardrailOverrides;
}

/**
 * The sound of one filter graph, encoded once and losslessly (24-bit FLAC, see
 * `buildRenderAudioGraphArgs`): an audio-only render, whose FLAC `encodePodcastMp3` then
 * normalises. As `renderGraph`: the script is written to `scratchDir` and read with
 * `-filter_complex_script`, every input read at most the duration guardrail, the output bounded
 * by what FLAC can take, decode errors counted, `deadlineAtMs`/`signal` honoured, progress against
 * `expectedDurationSec`. Returns the run and the output's probe; a failure (or an output without
 * sound) removes the output and the script.
 *
 * @example
 * const graph = buildAudioProgramGraph({ timeline, source: { hasAudio: true }, sourceInputIndex: 0, options });
 * const { summary } = await runtime.renderAudioGraph({ inputs: [{ path: input, inputLabel: 'show.m4a' }],
 *   filterScript: graph.filterScript, audioOut: graph.audioOut, scratchDir,
 *   output: join(scratchDir, 'episode.flac'), expectedDurationSec: graph.outputDurationSec });
 */
export async function renderAudioGraph(
  context: RenderGraphContext,
  {
    inputs,
    filterScript,
    scratchDir,
    audioOut,
    output,
    expectedDurationSec,
    guardrails,
    ...options
  }: RenderAudioGraphOptions,
): Promise<RenderGraphRun> {
  const graphLimits = graphEncodeLimits(context, { scratchDir, expectedDurationSec, guardrails });
  const limits = {
    ...graphLimits,
    maxOutputBytes: outputByteLimit({
      bytesPerSec: FLAC_MAX_BYTES_PER_SEC,
      readLimitSec: graphLimits.outputLimitSec + READ_MARGIN_SEC,
    }),
  };
  const filterScriptPath = join(scratchDir, 'render-audio-graph.txt');
  const args = buildRenderAudioGraphArgs({
    inputs,
    filterScriptPath,
    audioOut,
    output,
    readLimitSec: limits.readLimitSec,
    maxOutputBytes: limits.maxOutputBytes,
  });
  return runGraphEncode(context, {
    operation: 'render-audio-graph',
    args,
    inputs,
    output,
    expectedDurationSec,
    limits,
    options,
    scratchFiles: [{ path: filterScriptPath, text: filterScript }],
    check: (summary) => {
      if (!summary.streams.some(({ type }) => type === 'audio')) {
        throw new InternalError('The audio render has no audio stream', {
          details: { output },
          advice: 'This is a bug in the render graph: report it with the job id.',
        });
      }
    },
  });
}
