import { rm, writeFile } from 'node:fs/promises';
import { isReelError } from '@reel/error-taxonomy';
import type { ProbeSummary } from '@reel/media-types';
import { assertAbsolutePath } from './assert-path';
import type { RenderGraphInput } from './build-render-graph-args';
import type { GuardrailOverrides } from './guardrails';
import { relabelError } from './input-label';
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

/** A finished render and what ffprobe says of it. */
export interface RenderGraphRun extends OperationRun {
  summary: ProbeSummary;
}

/** The limits of one render encode: what each input may be read, and what the MP4 may become. */
export interface GraphEncodeLimits {
  readLimitSec: number;
  /** The duration guardrail, or the render's length when intro and outro make it longer. */
  outputLimitSec: number;
  maxOutputBytes: number;
}

/**
 * Checks a render's scratch dir and expected length and works out its limits: every input is read
 * at most the duration guardrail; the output may be as long as the render (intro and outro make it
 * longer than its source) and at most what 64 Mbit/s allows for that. Throws a TypeError on a
 * relative `scratchDir` or a length that is not positive.
 *
 * @example
 * const { readLimitSec, maxOutputBytes } = graphEncodeLimits(context, { scratchDir, expectedDurationSec: 61 });
 */
export function graphEncodeLimits(
  context: OperationContext,
  {
    scratchDir,
    expectedDurationSec,
    guardrails,
  }: { scratchDir: string; expectedDurationSec: number; guardrails?: GuardrailOverrides },
): GraphEncodeLimits {
  assertAbsolutePath(scratchDir, 'scratchDir');
  if (!Number.isFinite(expectedDurationSec) || expectedDurationSec <= 0) {
    throw new TypeError(
      `expectedDurationSec must be a positive number, got ${expectedDurationSec}`,
    );
  }
  const { maxDurationSec, readLimitSec } = limitsOf(context, guardrails);
  const outputLimitSec = Math.max(maxDurationSec, expectedDurationSec);
  const maxOutputBytes = outputByteLimit({
    bytesPerSec: H264_MAX_BYTES_PER_SEC,
    readLimitSec: outputLimitSec + READ_MARGIN_SEC,
  });
  return { readLimitSec, outputLimitSec, maxOutputBytes };
}

/**
 * Runs a render encode (`renderGraph`, `renderAudioGraph`, `concatRenderChunks`) and probes what
 * it wrote: `scratchFiles` (the filter script, a concat list) written first and removed after on
 * every path, decode errors counted, the output limited as `limits` say, `check` (when given) run
 * on the probe. Any failure removes the output and names the input that failed by its
 * `inputLabel` (see {@link relabelFailedInput}).
 *
 * @example
 * const run = await runGraphEncode(context, { operation: 'render-graph', args, inputs, output,
 *   expectedDurationSec, limits, options });
 */
export async function runGraphEncode(
  context: RenderGraphContext,
  {
    operation,
    args,
    inputs,
    output,
    expectedDurationSec,
    limits,
    options,
    check,
    sourceIndex = 0,
    scratchFiles = [],
  }: {
    operation: string;
    args: string[];
    /** Every `-i` of the argv in order, with its label. */
    inputs: readonly RenderGraphInput[];
    /** The input a failure is about when ffmpeg names none. Default 0. */
    sourceIndex?: number;
    output: string;
    expectedDurationSec: number;
    limits: GraphEncodeLimits;
    options: Omit<OperationOptions, 'inputLabel' | 'durationSec'>;
    check?: (summary: ProbeSummary) => void;
    /** Files the argv reads, written before the run and removed after it. */
    scratchFiles?: ReadonlyArray<{ path: string; text: string }>;
  },
): Promise<RenderGraphRun> {
  const source = inputs[sourceIndex];
  if (source === undefined) throw new TypeError(`${operation} has no input ${sourceIndex}`);
  try {
    for (const { path, text } of scratchFiles) await writeFile(path, text, 'utf8');
    const run = await runOperation({
      ...options,
      operation,
      args,
      input: source.path,
      durationSec: expectedDurationSec,
      outputs: [output],
      decodes: true,
      maxDurationSec: limits.outputLimitSec,
      overrunToleranceSec: 0.5,
      sizeLimitedOutput: { path: output, maxBytes: limits.maxOutputBytes },
      runner: { ...context.runner, maxStreams: context.guardrails.maxStreams },
    });
    try {
      const summary = await context.probeOutput(output, {
        signal: options.signal,
        deadlineAtMs: options.deadlineAtMs,
      });
      check?.(summary);
      return { ...run, summary };
    } catch (error) {
      await rm(output, { force: true });
      throw error;
    }
  } catch (error) {
    throw relabelFailedInput(error, inputs, sourceIndex);
  } finally {
    await Promise.all(scratchFiles.map(({ path }) => rm(path, { force: true })));
  }
}

// ffmpeg's words for a failure of input N's stream: `Error while decoding stream #1:0`.
const INPUT_STREAM_FAILURE = /(?:decoding|demuxing|input) stream #?(\d+):\d+/i;

/**
 * The error naming the input it is about by that input's label: the input ffmpeg's last failure
 * line names (`<path>: Invalid data…` when opening it, `Error while decoding stream #N:…` later),
 * else the one whose path the message names, else `inputs[sourceIndex]`. `inputs` are in argv
 * order (index N is ffmpeg's input #N).
 *
 * @example
 * relabelFailedInput(error, [{ path: '/s/in.mp4', inputLabel: 'talk.mp4' },
 *   { path: '/s/logo.png', inputLabel: 'logo.png', still: true }]);
 * // "…Error while decoding stream #1:0…" → the message names logo.png
 */
export function relabelFailedInput(
  error: unknown,
  inputs: readonly RenderGraphInput[],
  sourceIndex = 0,
): unknown {
  if (!isReelError(error)) return error;
  const stderrTail = error.details['stderrTail'];
  const failed =
    failedInputOf(typeof stderrTail === 'string' ? stderrTail : '', inputs) ??
    inputs.find(({ path }) => error.message.includes(path)) ??
    inputs[sourceIndex];
  if (failed === undefined) return error;
  return relabelError(error, { input: failed.path, inputLabel: failed.inputLabel });
}

function failedInputOf(
  stderrTail: string,
  inputs: readonly RenderGraphInput[],
): RenderGraphInput | undefined {
  // Longest path first: `/s/a.mp4` must not claim the line of `/s/a.mp4.png`.
  const byLength = [...inputs].sort((a, b) => b.path.length - a.path.length);
  for (const line of stderrTail.split('\n').reverse()) {
    const opened = byLength.find(({ path }) => line.startsWith(`${path}: `));
    if (opened !== undefined) return opened;
    const index = INPUT_STREAM_FAILURE.exec(line)?.[1];
    if (index !== undefined && inputs[Number(index)] !== undefined) return inputs[Number(index)];
  }
  return undefined;
}
