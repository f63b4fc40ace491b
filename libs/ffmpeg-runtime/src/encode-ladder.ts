import { rm, stat } from 'node:fs/promises';
import { GuardrailExceededError, InternalError, UnsupportedMediaError } from '@reel/error-taxonomy';
import {
  buildEncodeLadderArgs,
  spanSeekSec,
  type EncodeLadderPlan,
  type EncodeLadderRung,
  type LadderSpan,
} from './build-encode-ladder-args';
import type { GuardrailOverrides } from './guardrails';
import { relabelError } from './input-label';
import { limitsOf } from './operation-context';
import { H264_MAX_BYTES_PER_SEC, READ_MARGIN_SEC, outputByteLimit } from './output-limits';
import { runOperation, type OperationOptions, type OperationRun } from './run-operation';
import type { RenderGraphContext } from './run-graph-encode';

/** Options of {@link encodeLadder}. */
export interface EncodeLadderOptions extends Omit<OperationOptions, 'durationSec'> {
  /** Absolute path of the source. */
  input: string;
  /** The ladder (`buildLadder`'s plan fits): output rate, GOP, rungs. */
  plan: EncodeLadderPlan;
  /** Encode only these rungs of `plan.video` (e.g. the lowest first, alone). Default: all. */
  rungNames?: readonly string[];
  /** Rung name → absolute path of its MP4 (every rung encoded needs one). */
  outputs: Readonly<Record<string, string>>;
  /** A chunk: where it starts in the source, on the segment grid. Default 0. */
  startSec?: number;
  /** A chunk's length (whole GOPs); absent: to the end of the source. */
  durationSec?: number;
  /** The output's expected length when `durationSec` is absent: the base of progress. */
  expectedDurationSec?: number;
  /** x264 preset. Default `veryfast`. */
  preset?: string;
  guardrails?: GuardrailOverrides;
}

/** One encoded rendition. */
export interface EncodedRung {
  name: string;
  path: string;
  width: number;
  height: number;
  /** Frames in the file: its video duration × the output rate. */
  frameCount: number;
  durationSec: number;
}

/** What {@link encodeLadder} did. */
export interface EncodeLadderRun extends OperationRun {
  /** In `plan.video` order. */
  rungs: EncodedRung[];
}

// Decoded output ends with the last frame's length and encoder padding (as media-operations).
const DECODED_OVERRUN_TOLERANCE_SEC = 0.5;

/**
 * Encodes a ladder's rungs in ONE ffmpeg process from ONE decode (see `buildEncodeLadderArgs`):
 * constant output rate, keyframes every `gopFrames` frames on every rung (the segment grid), no
 * scene-cut keyframes, closed GOPs, 8-bit 4:2:0 High, video only. A chunk (`startSec` +
 * `durationSec`) is cut on the same frame grid, so chunks joined are the single encode frame for
 * frame. As every operation: the input read at most the duration guardrail, each MP4 at most what
 * 64 Mbit/s allows, decode errors counted, `deadlineAtMs`/`signal` honoured, progress; every MP4
 * is probed (size, frames; a chunk's frame count must be exact) and all are removed when any
 * step fails. A plan without video rungs is an UnsupportedMediaError (an input without a picture
 * has no video ladder).
 *
 * @example
 * const { rungs } = await runtime.encodeLadder({ input, inputLabel: 'talk.mp4', plan,
 *   outputs: { '720p': join(dir, '720p.mp4'), '480p': join(dir, '480p.mp4') },
 *   expectedDurationSec: summary.durationSec, deadlineAtMs, signal, onProgress });
 */
export async function encodeLadder(
  context: RenderGraphContext,
  {
    input,
    plan,
    rungNames,
    outputs,
    startSec = 0,
    durationSec,
    expectedDurationSec,
    preset = 'veryfast',
    guardrails,
    ...options
  }: EncodeLadderOptions,
): Promise<EncodeLadderRun> {
  const rungs = selectedRungs(plan, rungNames);
  const targets = rungs.map((rung) => {
    const path = outputs[rung.name];
    if (path === undefined) throw new TypeError(`No output path for rung ${rung.name}`);
    return { rung, path };
  });
  const frameRate = plan.frameRateFraction.numerator / plan.frameRateFraction.denominator;
  const span = spanOf({ startSec, durationSec, frameRate, gopFrames: plan.gopFrames });
  const outputSec = durationSec ?? expectedDurationSec;
  if (outputSec === undefined || !Number.isFinite(outputSec) || outputSec <= 0) {
    throw new TypeError(`A ladder encode needs durationSec or expectedDurationSec > 0`);
  }
  const { maxDurationSec, readLimitSec } = limitsOf(context, guardrails);
  if (startSec >= maxDurationSec) {
    throw new GuardrailExceededError(
      `A chunk starting at ${startSec} s is past the ${maxDurationSec} s allowed (maxDurationSec)`,
      { details: { guardrail: 'maxDurationSec', limit: maxDurationSec, actual: startSec } },
    );
  }
  const seekSec = spanSeekSec(span, frameRate);
  // A chunk reads its pre-roll and itself; the last chunk (or the whole) up to the guardrail.
  const spanReadSec =
    durationSec === undefined
      ? readLimitSec - seekSec
      : startSec - seekSec + durationSec + READ_MARGIN_SEC;
  const maxOutputBytes = outputByteLimit({
    bytesPerSec: H264_MAX_BYTES_PER_SEC,
    readLimitSec: Math.min(readLimitSec, outputSec + READ_MARGIN_SEC),
  });
  const paths = targets.map(({ path }) => path);
  const run = await runOperation({
    ...options,
    operation: 'encode-ladder',
    args: buildEncodeLadderArgs({
      input,
      plan,
      outputs: targets,
      ...(span === undefined ? {} : { span }),
      preset,
      readLimitSec: Math.min(readLimitSec, spanReadSec),
      maxOutputBytes,
    }),
    input,
    durationSec: outputSec,
    outputs: paths,
    decodes: true,
    maxDurationSec,
    overrunToleranceSec: DECODED_OVERRUN_TOLERANCE_SEC,
    runner: { ...context.runner, maxStreams: context.guardrails.maxStreams },
  });
  try {
    const encoded = await Promise.all(
      targets.map(({ rung, path }) =>
        checkedRung(context, { rung, path, frameRate, maxOutputBytes, options }),
      ),
    );
    assertFrameCounts(encoded, span?.frameCount);
    return { ...run, rungs: encoded };
  } catch (error) {
    await Promise.all(paths.map((path) => rm(path, { force: true })));
    throw relabelError(error, { input, inputLabel: options.inputLabel });
  }
}

function selectedRungs(
  plan: EncodeLadderPlan,
  rungNames: readonly string[] | undefined,
): EncodeLadderRung[] {
  if (plan.video.length === 0) {
    throw new UnsupportedMediaError('The input has no picture to encode a video ladder from', {
      advice: 'Transcode its sound only (an audio-only stream).',
    });
  }
  if (rungNames === undefined) return [...plan.video];
  const unknown = rungNames.filter((name) => !plan.video.some((rung) => rung.name === name));
  if (unknown.length > 0 || rungNames.length === 0) {
    throw new TypeError(`rungNames must name rungs of the plan, got ${JSON.stringify(rungNames)}`);
  }
  return plan.video.filter((rung) => rungNames.includes(rung.name));
}

function spanOf({
  startSec,
  durationSec,
  frameRate,
  gopFrames,
}: {
  startSec: number;
  durationSec: number | undefined;
  frameRate: number;
  gopFrames: number;
}): LadderSpan | undefined {
  if (!Number.isFinite(startSec) || startSec < 0) {
    throw new TypeError(`startSec must be ≥ 0, got ${startSec}`);
  }
  if (durationSec !== undefined && (!Number.isFinite(durationSec) || durationSec <= 0)) {
    throw new TypeError(`durationSec must be > 0, got ${durationSec}`);
  }
  if (startSec === 0 && durationSec === undefined) return undefined;
  // The plan's chunk times are frames / fps: rounding recovers the frame exactly.
  const startFrame = Math.round(startSec * frameRate);
  if (startFrame % gopFrames !== 0) {
    throw new TypeError(
      `startSec ${startSec} is not on the segment grid (every ${gopFrames} frames at ${frameRate} fps)`,
    );
  }
  return {
    startFrame,
    ...(durationSec === undefined ? {} : { frameCount: Math.round(durationSec * frameRate) }),
  };
}

async function checkedRung(
  context: RenderGraphContext,
  {
    rung,
    path,
    frameRate,
    maxOutputBytes,
    options,
  }: {
    rung: EncodeLadderRung;
    path: string;
    frameRate: number;
    maxOutputBytes: number;
    options: Pick<OperationOptions, 'signal' | 'deadlineAtMs'>;
  },
): Promise<EncodedRung> {
  const bytes = (await stat(path)).size;
  if (bytes >= maxOutputBytes) {
    throw new GuardrailExceededError(
      `Rung ${rung.name} reached ${bytes} bytes, the most allowed for its duration limit (maxOutputBytes)`,
      { details: { guardrail: 'maxOutputBytes', limit: maxOutputBytes, actual: bytes } },
    );
  }
  const summary = await context.probeOutput(path, {
    signal: options.signal,
    deadlineAtMs: options.deadlineAtMs,
  });
  const video = summary.streams.find((stream) => stream.type === 'video');
  const durationSec = video?.durationSec ?? 0;
  if (video?.width !== rung.width || video.height !== rung.height || durationSec <= 0) {
    throw new InternalError(
      `Rung ${rung.name} came out ${video?.width ?? 0}x${video?.height ?? 0} lasting ${durationSec} s, not ${rung.width}x${rung.height}`,
    );
  }
  return {
    name: rung.name,
    path,
    width: rung.width,
    height: rung.height,
    frameCount: Math.round(durationSec * frameRate),
    durationSec,
  };
}

/** One decode feeds every rung, so they hold the same frames; a chunk exactly its share. */
function assertFrameCounts(rungs: readonly EncodedRung[], expected: number | undefined): void {
  const counts = new Set(rungs.map(({ frameCount }) => frameCount));
  const [count] = counts;
  if (counts.size !== 1 || (expected !== undefined && count !== expected)) {
    throw new InternalError(
      `The ladder's rungs hold ${[...counts].join('/')} frames${expected === undefined ? '' : `, not the chunk's ${expected}`}`,
      { advice: 'Encode the chunk again; report the job if it repeats.' },
    );
  }
}
