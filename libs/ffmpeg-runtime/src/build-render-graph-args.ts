import { assertAbsolutePath } from './assert-path';
import { STRIP_METADATA_ARGS, kbps, outputLimitArgs, readLimitArgs } from './argv-parts';

/** One input of a render graph: the source, a clip, or an image (one frame, or looped). */
export interface RenderGraphInput {
  /** Absolute path. */
  path: string;
  /** The input as the user knows it (file name, storage key), for messages. */
  inputLabel?: string;
  /**
   * An image read as ONE frame by the `image2` demuxer (`-pattern_type none`, no `-loop`), e.g. a
   * watermark held by `overlay=eof_action=repeat`: the stream ends after that frame.
   */
  still?: boolean;
  /** An image repeated as an endless video stream (`-loop 1`): the graph must end it (`shortest`). */
  loop?: boolean;
}

/**
 * One input's argv: the read limit, then, for an image, the `image2` demuxer forced right before
 * its `-i` (the input guard adds a forced demuxer to that input's allow-list only; media inputs
 * stay on the upload allow-list, where no image format is). Pure.
 *
 * @example
 * renderInputArgs({ path: '/s/logo.png', still: true }, 61);
 * // → ['-t', '61.000000', '-pattern_type', 'none', '-f', 'image2', '-i', '/s/logo.png']
 */
export function renderInputArgs(
  { path, still, loop }: RenderGraphInput,
  readLimitSec: number,
): string[] {
  if (still === true && loop === true) {
    throw new TypeError(`An input is either a still or a looped image, not both: ${path}`);
  }
  const image = still === true || loop === true;
  return [
    ...readLimitArgs(readLimitSec),
    ...(loop === true ? ['-loop', '1'] : []),
    ...(image ? ['-pattern_type', 'none', '-f', 'image2'] : []),
    '-i',
    path,
  ];
}

/** Options of {@link buildRenderGraphArgs}. */
export interface RenderGraphArgsOptions {
  inputs: readonly RenderGraphInput[];
  /** Absolute path of the file holding the filter graph (`-filter_complex_script`). */
  filterScriptPath: string;
  /** The graph's final labels, without brackets. */
  videoOut: string;
  audioOut: string;
  output: string;
  preset: string;
  crf: number;
  audioBitrateKbps: number;
  /** `-t` on every input: nothing is read past the duration guardrail (a looped image included). */
  readLimitSec: number;
  maxOutputBytes?: number;
}

const LABEL = /^[A-Za-z0-9_]+$/;
const PRESET = /^[a-z]+$/;

/**
 * ffmpeg argv for a render made by one filter graph and one encode: every input read at most
 * `readLimitSec` (an image by `image2`: see {@link renderInputArgs}), the graph read from a file (no argv limit,
 * hundreds of cuts), its two outputs mapped, H.264 High (libx264, yuv420p) + AAC-LC, metadata
 * stripped, `-movflags +faststart`. Pure.
 *
 * @example
 * buildRenderGraphArgs({ inputs: [{ path: '/s/in.mp4' }, { path: '/s/logo.png', still: true }],
 *   filterScriptPath: '/s/graph.txt', videoOut: 'wm_v', audioOut: 'cut_a', output: '/s/render.mp4',
 *   preset: 'veryfast', crf: 20, audioBitrateKbps: 160, readLimitSec: 14_401 });
 */
export function buildRenderGraphArgs({
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
}: RenderGraphArgsOptions): string[] {
  if (inputs.length === 0) throw new TypeError('A render graph needs at least one input');
  for (const { path } of inputs) assertAbsolutePath(path, 'input');
  assertAbsolutePath(filterScriptPath, 'filterScriptPath');
  assertAbsolutePath(output, 'output');
  for (const [role, label] of Object.entries({ videoOut, audioOut })) {
    if (!LABEL.test(label))
      throw new TypeError(`${role} must be a graph label, got ${JSON.stringify(label)}`);
  }
  if (!Number.isInteger(crf) || crf < 0 || crf > 51) {
    throw new TypeError(`crf must be an integer 0–51, got ${crf}`);
  }
  if (!PRESET.test(preset))
    throw new TypeError(`preset must be an x264 preset name, got ${JSON.stringify(preset)}`);
  return [
    inputs.flatMap((input) => renderInputArgs(input, readLimitSec)),
    ['-filter_complex_script', filterScriptPath],
    ['-map', `[${videoOut}]`, '-map', `[${audioOut}]`],
    STRIP_METADATA_ARGS,
    [
      '-c:v',
      'libx264',
      '-profile:v',
      'high',
      '-preset',
      preset,
      '-crf',
      String(crf),
      '-pix_fmt',
      'yuv420p',
    ],
    ['-c:a', 'aac', '-profile:a', 'aac_low', '-b:a', kbps(audioBitrateKbps, 'audioBitrateKbps')],
    outputLimitArgs(maxOutputBytes),
    ['-movflags', '+faststart', '-f', 'mp4', '-y', output],
  ].flat();
}
