import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ProbeSummary } from '@reel/media-types';
import { assertAbsolutePath } from './assert-path';
import { buildRenderGraphArgs, type RenderGraphInput } from './build-render-graph-args';
import type { GuardrailOverrides } from './guardrails';
import { limitsOf, type OperationContext } from './operation-context';
import { H264_MAX_BYTES_PER_SEC, READ_MARGIN_SEC, outputByteLimit } from './output-limits';
import { runOperation, type OperationOptions, type OperationRun } from './run-operation';

/** The runtime's context plus a probe of the written render (bound by `createFfmpegRuntime`). */
export interface RenderGraphContext extends OperationContext {
  probeOutput: (
    path: string,
    options: { signal?: AbortSignal; deadlineAtMs?: number },
  ) => Promise<ProbeSummary>;
}

/** Options of {@link renderGraph}. */
export interface RenderGraphOptions extends Omit<OperationOptions, 'inputLabel' | 'durationSec'> {
  /** The source first (its label names it in messages), then stills and clips the graph reads. */
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

/** A finished render and what ffprobe says of it. */
export interface RenderGraphRun extends OperationRun {
  summary: ProbeSummary;
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
  assertAbsolutePath(scratchDir, 'scratchDir');
  if (!Number.isFinite(expectedDurationSec) || expectedDurationSec <= 0) {
    throw new TypeError(
      `expectedDurationSec must be a positive number, got ${expectedDurationSec}`,
    );
  }
  const [source] = inputs;
  if (source === undefined) throw new TypeError('A render graph needs at least one input');
  const { maxDurationSec, readLimitSec } = limitsOf(context, guardrails);
  // Intro and outro make a render longer than its source; each input is still read ≤ the limit.
  const outputLimitSec = Math.max(maxDurationSec, expectedDurationSec);
  const maxOutputBytes = outputByteLimit({
    bytesPerSec: H264_MAX_BYTES_PER_SEC,
    readLimitSec: outputLimitSec + READ_MARGIN_SEC,
  });
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
    readLimitSec,
    maxOutputBytes,
  });
  await writeFile(filterScriptPath, filterScript, 'utf8');
  try {
    const run = await runOperation({
      ...options,
      operation: 'render-graph',
      args,
      input: source.path,
      inputLabel: source.inputLabel,
      durationSec: expectedDurationSec,
      outputs: [output],
      decodes: true,
      maxDurationSec: outputLimitSec,
      overrunToleranceSec: 0.5,
      sizeLimitedOutput: { path: output, maxBytes: maxOutputBytes },
      runner: { ...context.runner, maxStreams: context.guardrails.maxStreams },
    });
    const summary = await context
      .probeOutput(output, { signal: options.signal, deadlineAtMs: options.deadlineAtMs })
      .catch(async (error: unknown) => {
        await rm(output, { force: true });
        throw error;
      });
    return { ...run, summary };
  } finally {
    await rm(filterScriptPath, { force: true });
  }
}
