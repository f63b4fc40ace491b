import { join, relative, sep } from 'node:path';
import { InternalError } from '@reel/error-taxonomy';
import { STRIP_METADATA_ARGS, outputLimitArgs, readLimitArgs } from './argv-parts';
import { assertAbsolutePath } from './assert-path';
import { buildConcatList } from './build-concat-chunks-args';
import type { RenderedChunk } from './concat-render-chunks';
import type { GuardrailOverrides } from './guardrails';
import { READ_MARGIN_SEC } from './output-limits';
import type { OperationOptions } from './run-operation';
import {
  graphEncodeLimits,
  runGraphEncode,
  type RenderGraphContext,
  type RenderGraphRun,
} from './run-graph-encode';

/** Options of {@link joinVideoChunks}. */
export interface JoinVideoChunksOptions extends Omit<
  OperationOptions,
  'inputLabel' | 'durationSec'
> {
  /**
   * One rung's chunk MP4s in order (`encodeLadder` with `startSec`/`durationSec`), each with its
   * exact length: its frame count / the output rate.
   */
  inputs: readonly RenderedChunk[];
  /** The folder holding the chunks (any depth); the concat list is written there. */
  scratchDir: string;
  /** Absolute path of the joined MP4. */
  output: string;
  /** Frames / fps the joined picture should hold; default the sum of the inputs' lengths. */
  frameCount?: number;
  frameRate: number;
  guardrails?: GuardrailOverrides;
}

/** A joined rung. */
export interface JoinedVideo extends RenderGraphRun {
  path: string;
  frameCount: number;
  durationSec: number;
}

/**
 * ffmpeg argv joining chunk MP4s by stream copy: the concat demuxer (`-safe 1`) reading the list,
 * the first video stream copied (each chunk starts on a keyframe of the same grid, so the joins
 * are clean GOP boundaries), metadata stripped. Pure.
 *
 * @example
 * buildJoinVideoChunksArgs({ listPath: '/s/720p.ffconcat', output: '/s/720p.mp4', readLimitSec: 14_401 });
 */
export function buildJoinVideoChunksArgs({
  listPath,
  output,
  readLimitSec,
  maxOutputBytes,
}: {
  listPath: string;
  output: string;
  readLimitSec: number;
  maxOutputBytes?: number;
}): string[] {
  assertAbsolutePath(listPath, 'listPath');
  assertAbsolutePath(output, 'output');
  return [
    [...readLimitArgs(readLimitSec), '-safe', '1', '-f', 'concat', '-i', listPath],
    ['-map', '0:v:0', '-an', '-sn', '-dn'],
    STRIP_METADATA_ARGS,
    ['-c', 'copy'],
    outputLimitArgs(maxOutputBytes),
    ['-f', 'mp4', '-y', output],
  ].flat();
}

/**
 * Joins one rung's chunk encodes into the rung, losslessly (stream copy through the concat
 * demuxer): timestamps run on from chunk to chunk by each chunk's exact length, so the result is
 * the single-process encode's frames on the same keyframe grid. The joined file is probed and its
 * frame count checked (`frameCount`, else the inputs' sum); a failure removes it, the list is
 * always removed. Guardrails, `deadlineAtMs`, `signal` and progress as every operation.
 *
 * @example
 * await runtime.joinVideoChunks({ scratchDir: dir, frameRate: plan.frameRate, output: join(dir, '720p.mp4'),
 *   inputs: chunks.map((chunk) => ({ path: chunk.paths['720p'], durationSec: chunk.frameCount / plan.frameRate })) });
 */
export async function joinVideoChunks(
  context: RenderGraphContext,
  {
    inputs,
    scratchDir,
    output,
    frameCount,
    frameRate,
    guardrails,
    ...options
  }: JoinVideoChunksOptions,
): Promise<JoinedVideo> {
  if (!Number.isFinite(frameRate) || frameRate <= 0) {
    throw new TypeError(`frameRate must be > 0, got ${frameRate}`);
  }
  const entries = inputs.map(({ path, durationSec }) => {
    assertAbsolutePath(path, 'chunk');
    const relativePath = relative(scratchDir, path).split(sep).join('/');
    if (relativePath.startsWith('..')) {
      throw new TypeError(`A chunk must be inside scratchDir (${scratchDir}), got ${path}`);
    }
    return { relativePath, durationSec };
  });
  const expectedFrames =
    frameCount ??
    inputs.reduce((sum, { durationSec }) => sum + Math.round(durationSec * frameRate), 0);
  const expectedDurationSec = expectedFrames / frameRate;
  const limits = graphEncodeLimits(context, { scratchDir, expectedDurationSec, guardrails });
  const listPath = join(scratchDir, `join-${process.pid}-${Date.now()}.ffconcat`);
  const list = buildConcatList(entries);
  let joinedFrames = 0;
  let joinedSec = 0;
  const run = await runGraphEncode(context, {
    operation: 'join-video-chunks',
    args: buildJoinVideoChunksArgs({
      listPath,
      output,
      readLimitSec: Math.max(limits.readLimitSec, expectedDurationSec + READ_MARGIN_SEC),
      maxOutputBytes: limits.maxOutputBytes,
    }),
    inputs: [{ path: listPath, inputLabel: 'the ladder chunks' }],
    scratchFiles: [{ path: listPath, text: list }],
    output,
    expectedDurationSec,
    limits,
    options,
    check: (summary) => {
      joinedSec = summary.streams.find((stream) => stream.type === 'video')?.durationSec ?? 0;
      joinedFrames = Math.round(joinedSec * frameRate);
      if (joinedFrames !== expectedFrames) {
        throw new InternalError(
          `The joined rung holds ${joinedFrames} frames, not the ${expectedFrames} of its ${inputs.length} chunks`,
          { advice: 'Encode the chunks again; report the job if it repeats.' },
        );
      }
    },
  });
  return { ...run, path: output, frameCount: joinedFrames, durationSec: joinedSec };
}
