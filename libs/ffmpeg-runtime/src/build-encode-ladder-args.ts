import { STRIP_METADATA_ARGS, kbps, outputLimitArgs, readLimitArgs, seconds } from './argv-parts';
import { assertAbsolutePath } from './assert-path';

/**
 * One video rendition to encode. `@reel/ladder`'s `RungPlan` extends this shape (ladder already
 * depends on this lib in its tests, so the shape lives here to keep the graph acyclic).
 */
export interface EncodeLadderRung {
  /** The short side and `p`: `720p` (a portrait 720×1280 is also `720p`). */
  name: string;
  width: number;
  height: number;
  /** x264 `-b:v`. */
  bitrateKbps: number;
  /** x264 `-maxrate`: 1.5 × the target (VBV peak; HLS `BANDWIDTH` is measured, not this). */
  maxrateKbps: number;
  /** x264 `-bufsize`: 2 × the target. */
  bufsizeKbps: number;
  /** `-level:v`, from H.264 level limits for this frame, rate and peak: `3.1`. */
  level: string;
}

/** The ladder's shared encode settings (a `LadderPlan` of `@reel/ladder` fits). */
export interface EncodeLadderPlan {
  /** The constant output rate as an exact fraction. */
  frameRateFraction: { numerator: number; denominator: number };
  /** Frames per GOP (and per segment), the same on every rung. */
  gopFrames: number;
  video: readonly EncodeLadderRung[];
}

/** A part of the output's frame grid: a chunk of a chunked transcode. */
export interface LadderSpan {
  /** The first output frame (a multiple of `gopFrames`). */
  startFrame: number;
  /** Frames to encode; absent: to the end of the input. */
  frameCount?: number;
}

/** Options of {@link buildEncodeLadderArgs}. */
export interface EncodeLadderArgsOptions {
  input: string;
  plan: EncodeLadderPlan;
  /** The rungs of `plan.video` to encode, each with its absolute output path. */
  outputs: ReadonlyArray<{ rung: EncodeLadderRung; path: string }>;
  /** Absent: the whole input. */
  span?: LadderSpan;
  /** x264 preset, `veryfast`. */
  preset: string;
  /** `-t` on the input (from the seek point in a span): nothing read past the guardrail. */
  readLimitSec: number;
  maxOutputBytes?: number;
}

const PRESET = /^[a-z]+$/;
const NAME = /^[A-Za-z0-9_-]+$/;
const LEVEL = /^[1-5](\.[0-3])?$/;
/** A span's seek lands this far before its first frame, so the keyframe search never passes it. */
export const SPAN_SEEK_PREROLL_SEC = 1;

/**
 * Where a span's input seek goes: {@link SPAN_SEEK_PREROLL_SEC} before its first frame (ffmpeg
 * decodes from the keyframe at or before it), 0 for the first. Pure.
 */
export function spanSeekSec(span: LadderSpan | undefined, frameRate: number): number {
  if (span === undefined || span.startFrame === 0) return 0;
  return Math.max(0, span.startFrame / frameRate - SPAN_SEEK_PREROLL_SEC);
}

function assertRung({
  name,
  width,
  height,
  level,
  bitrateKbps,
  maxrateKbps,
  bufsizeKbps,
}: EncodeLadderRung): void {
  if (!NAME.test(name)) {
    throw new TypeError(`A rung name must be plain, got ${JSON.stringify(name)}`);
  }
  for (const [role, side] of Object.entries({ width, height })) {
    if (!Number.isInteger(side) || side < 2 || side % 2 !== 0) {
      throw new TypeError(`Rung ${name}: ${role} must be an even integer ≥ 2, got ${side}`);
    }
  }
  if (!LEVEL.test(level)) throw new TypeError(`Rung ${name}: level must be like 3.1, got ${level}`);
  // A plan's rung carries more (profile, codecs): only these go into the argv.
  for (const [role, value] of Object.entries({ bitrateKbps, maxrateKbps, bufsizeKbps })) {
    kbps(value, `${name} ${role}`);
  }
}

function assertSpan(span: LadderSpan | undefined, gopFrames: number): void {
  if (span === undefined) return;
  const { startFrame, frameCount } = span;
  if (!Number.isInteger(startFrame) || startFrame < 0 || startFrame % gopFrames !== 0) {
    throw new TypeError(
      `A span starts on the segment grid (× ${gopFrames} frames), got ${startFrame}`,
    );
  }
  if (frameCount !== undefined && (!Number.isInteger(frameCount) || frameCount <= 0)) {
    throw new TypeError(`A span's frameCount must be a positive integer, got ${frameCount}`);
  }
}

/**
 * The one filter graph of a ladder: the first video stream made constant-rate on the output grid
 * (`fps` with `start_time=0`, so output frame n is at n / fps in the source's own time, seek or
 * not), cut to the span on that grid (`trim` by frame index, then re-based to 0), 8-bit 4:2:0
 * (10-bit 4:2:2 sources too), `split` once per rung and scaled. Pure.
 *
 * @example
 * buildLadderFilter({ frameRateFraction: { numerator: 25, denominator: 1 }, gopFrames: 100, video: [r720, r480] });
 * // → '[0:v:0]fps=25/1:start_time=0,format=yuv420p,split=2[s0][s1];[s0]scale=1280:720…[v0];…'
 */
export function buildLadderFilter(
  { frameRateFraction: { numerator, denominator } }: Pick<EncodeLadderPlan, 'frameRateFraction'>,
  rungs: readonly EncodeLadderRung[],
  span?: LadderSpan,
): string {
  const trim =
    span === undefined
      ? []
      : [
          `trim=start_pts=${span.startFrame}${span.frameCount === undefined ? '' : `:end_pts=${span.startFrame + span.frameCount}`}`,
          'setpts=PTS-STARTPTS',
        ];
  const head = [`fps=${numerator}/${denominator}:start_time=0`, ...trim, 'format=yuv420p'];
  const splitOut = rungs.map((_, index) => `[s${index}]`).join('');
  const scaled = rungs.map(
    ({ width, height }, index) =>
      `[s${index}]scale=${width}:${height}:flags=bicubic,setsar=1[v${index}]`,
  );
  return [`[0:v:0]${head.join(',')},split=${rungs.length}${splitOut}`, ...scaled].join(';');
}

/**
 * ffmpeg argv encoding every rung of a ladder in ONE process from ONE decode: the input read at
 * most `readLimitSec` (a span: seeked to {@link spanSeekSec} first, a second before its first
 * frame — `-t` then counts from there, and the graph's `trim` on the frame grid makes the exact
 * cut whatever frame the seek lands on), timestamps kept from the source
 * (`-copyts -start_at_zero`) so a chunk's frame n is the single encode's frame n; the graph of
 * {@link buildLadderFilter}; per rung one MP4 of H.264 High at its level and bit rate (VBV
 * `maxrate`/`bufsize`), closed GOPs of exactly `gopFrames` (keyframes forced on frame numbers,
 * `-sc_threshold 0`: no scene-cut keyframes), video only, metadata stripped. Pure.
 *
 * @example
 * buildEncodeLadderArgs({ input: '/s/in.mp4', plan, outputs: [{ rung: plan.video[0], path: '/s/720p.mp4' }],
 *   preset: 'veryfast', readLimitSec: 14_401 });
 */
export function buildEncodeLadderArgs({
  input,
  plan,
  outputs,
  span,
  preset,
  readLimitSec,
  maxOutputBytes,
}: EncodeLadderArgsOptions): string[] {
  assertAbsolutePath(input, 'input');
  if (outputs.length === 0) throw new TypeError('A ladder encode needs at least one rung');
  for (const { rung, path } of outputs) {
    assertRung(rung);
    assertAbsolutePath(path, 'output');
  }
  const { numerator, denominator } = plan.frameRateFraction;
  if (
    !Number.isInteger(numerator) ||
    !Number.isInteger(denominator) ||
    numerator <= 0 ||
    denominator <= 0
  ) {
    throw new TypeError(
      `frameRateFraction must be whole and positive, got ${numerator}/${denominator}`,
    );
  }
  if (!Number.isInteger(plan.gopFrames) || plan.gopFrames < 1) {
    throw new TypeError(`gopFrames must be a positive integer, got ${plan.gopFrames}`);
  }
  assertSpan(span, plan.gopFrames);
  if (!PRESET.test(preset))
    throw new TypeError(`preset must be an x264 preset, got ${JSON.stringify(preset)}`);
  const seekSec = spanSeekSec(span, numerator / denominator);
  const gop = String(plan.gopFrames);
  return [
    ['-copyts', '-start_at_zero'],
    seekSec > 0 ? ['-ss', seconds(seekSec)] : [],
    readLimitArgs(readLimitSec),
    ['-i', input],
    [
      '-filter_complex',
      buildLadderFilter(
        plan,
        outputs.map(({ rung }) => rung),
        span,
      ),
    ],
    outputs.flatMap(({ rung, path }, index) =>
      [
        ['-map', `[v${index}]`, '-an', '-sn', '-dn'],
        STRIP_METADATA_ARGS,
        ['-c:v', 'libx264', '-profile:v', 'high', '-level:v', rung.level, '-preset', preset],
        ['-b:v', kbps(rung.bitrateKbps, 'bitrateKbps')],
        ['-maxrate', kbps(rung.maxrateKbps, 'maxrateKbps')],
        ['-bufsize', kbps(rung.bufsizeKbps, 'bufsizeKbps')],
        ['-g', gop, '-keyint_min', gop, '-sc_threshold', '0'],
        ['-force_key_frames', `expr:eq(mod(n,${gop}),0)`],
        // 8x8 transforms make x264 signal High even at `ultrafast` (else Constrained Baseline),
        // so the plan's `avc1.64…` codec string is true of every preset.
        ['-x264-params', 'open-gop=0:8x8dct=1', '-pix_fmt', 'yuv420p'],
        outputLimitArgs(maxOutputBytes),
        ['-f', 'mp4', '-y', path],
      ].flat(),
    ),
  ].flat();
}
