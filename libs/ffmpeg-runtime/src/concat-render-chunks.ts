import { stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { InternalError } from '@reel/error-taxonomy';
import { assertAbsolutePath } from './assert-path';
import { buildConcatChunksArgs, buildConcatList } from './build-concat-chunks-args';
import type { RenderGraphInput } from './build-render-graph-args';
import type { GuardrailOverrides } from './guardrails';
import { READ_MARGIN_SEC } from './output-limits';
import type { OperationOptions } from './run-operation';
import {
  graphEncodeLimits,
  runGraphEncode,
  type RenderGraphContext,
  type RenderGraphRun,
} from './run-graph-encode';

/** One rendered chunk: an MP4 in `scratchDir` and its exact length. */
export interface RenderedChunk {
  /** Absolute path inside `scratchDir` (a chunk may have a folder of its own there). */
  path: string;
  /** Frames / fps of the chunk (the plan's `durationSec`). */
  durationSec: number;
}

/** Options of {@link concatRenderChunks}. */
export interface ConcatRenderChunksOptions extends Omit<
  OperationOptions,
  'inputLabel' | 'durationSec'
> {
  /** The chunks in order, each rendered by `renderGraph` from its own chunk timeline. */
  chunks: readonly RenderedChunk[];
  /** The whole render's sound: its inputs (the source first), filter graph and output label. */
  audio: { inputs: readonly RenderGraphInput[]; filterScript: string; audioOut: string };
  /** The job's scratch directory: the chunks are in it, the list and script are written there. */
  scratchDir: string;
  /** Absolute path of the MP4 to write. */
  output: string;
  /** The whole render's length (intro + main + outro): progress base and the check afterwards. */
  expectedDurationSec: number;
  /** Default 160. */
  audioBitrateKbps?: number;
  /** How far the joined render's length may be from `expectedDurationSec`. Default 0.1 s. */
  toleranceSec?: number;
  guardrails?: GuardrailOverrides;
}

/**
 * Joins rendered chunks into the render: their picture stream-copied through the concat demuxer
 * (each chunk is its own encode, so each starts on a keyframe; no re-encode), the whole render's
 * sound encoded once from its own graph (`buildAudioProgramGraph`) in the same run. Guardrails,
 * `deadlineAtMs`, `signal` and progress as `renderGraph`; the output is probed and its length
 * checked against `expectedDurationSec`. A failure removes the output; the list and script are
 * always removed.
 *
 * @example
 * const { summary } = await runtime.concatRenderChunks({ chunks, scratchDir, output,
 *   audio: { inputs: [{ path: source }], ...buildAudioProgramGraph({ timeline, … }) },
 *   expectedDurationSec: plan.mainDurationSec });
 */
export async function concatRenderChunks(
  context: RenderGraphContext,
  {
    chunks,
    audio,
    scratchDir,
    output,
    expectedDurationSec,
    audioBitrateKbps = 160,
    toleranceSec = 0.1,
    guardrails,
    ...options
  }: ConcatRenderChunksOptions,
): Promise<RenderGraphRun> {
  const limits = graphEncodeLimits(context, { scratchDir, expectedDurationSec, guardrails });
  const entries = chunks.map(({ path, durationSec }) => {
    assertAbsolutePath(path, 'chunk');
    const relativePath = relative(scratchDir, path).split(sep).join('/');
    if (relativePath.startsWith('..')) {
      throw new TypeError(`A chunk must be inside scratchDir (${scratchDir}), got ${path}`);
    }
    return { relativePath, durationSec };
  });
  if (audio.inputs.length === 0) throw new TypeError('The sound graph needs at least one input');
  const listPath = join(scratchDir, 'render-chunks.ffconcat');
  const filterScriptPath = join(scratchDir, 'render-audio-graph.txt');
  const list = buildConcatList(entries);
  const args = buildConcatChunksArgs({
    listPath,
    audioInputs: audio.inputs,
    filterScriptPath,
    audioOut: audio.audioOut,
    output,
    audioBitrateKbps,
    readLimitSec: Math.max(limits.readLimitSec, expectedDurationSec + READ_MARGIN_SEC),
    maxOutputBytes: limits.maxOutputBytes,
  });
  await assertChunksExist(chunks);
  return runGraphEncode(context, {
    operation: 'concat-render-chunks',
    args,
    // ffmpeg's input #0 is the list; a failure naming no input is about the source (#1).
    inputs: [{ path: listPath, inputLabel: 'the render chunks' }, ...audio.inputs],
    sourceIndex: 1,
    scratchFiles: [
      { path: listPath, text: list },
      { path: filterScriptPath, text: audio.filterScript },
    ],
    output,
    expectedDurationSec,
    limits,
    options,
    // The picture's own length too: a chunk the demuxer could not read ends the picture early
    // while the sound runs on, and the file's length alone would not show it.
    check: (summary) => {
      const videoSec = summary.streams.find((stream) => stream.type === 'video')?.durationSec;
      for (const [what, actualSec] of [
        ['joined render', summary.durationSec],
        ['joined picture', videoSec ?? 0],
      ] as const) {
        if (Math.abs(actualSec - expectedDurationSec) > toleranceSec) {
          throw new InternalError(
            `The ${what} lasts ${actualSec.toFixed(3)} s, not the ${expectedDurationSec.toFixed(3)} s its ${chunks.length} chunks and sound should make`,
            {
              advice:
                'Render in one pass (no chunks) and report the job: a chunk or the sound graph is off.',
            },
          );
        }
      }
    },
  });
}

/** Chunks are reel's own renders: one missing or empty is a fault of the run, not of the input. */
async function assertChunksExist(chunks: readonly RenderedChunk[]): Promise<void> {
  for (const [index, { path }] of chunks.entries()) {
    const bytes = await stat(path).then(
      (stats) => stats.size,
      () => 0,
    );
    if (bytes === 0) {
      throw new InternalError(`Chunk ${index} of the render (${path}) is missing or empty`, {
        advice: 'Render the chunk again before joining (the workflow retries the render step).',
      });
    }
  }
}
