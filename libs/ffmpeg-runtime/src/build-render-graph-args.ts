import { assertAbsolutePath } from './assert-path';
import { STRIP_METADATA_ARGS, kbps, outputLimitArgs, readLimitArgs } from './argv-parts';

/** One input of a render graph: the source, a still image (looped), or a clip. */
export interface RenderGraphInput {
  /** Absolute path. */
  path: string;
  /** The input as the user knows it (file name, storage key), for messages. */
  inputLabel?: string;
  /** A still image (watermark) repeated as a video stream: opened with the `image2` demuxer. */
  loop?: boolean;
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
 * `readLimitSec` (a still image looped by `image2`), the graph read from a file (no argv limit,
 * hundreds of cuts), its two outputs mapped, H.264 High (libx264, yuv420p) + AAC-LC, metadata
 * stripped, `-movflags +faststart`. Pure.
 *
 * @example
 * buildRenderGraphArgs({ inputs: [{ path: '/s/in.mp4' }, { path: '/s/logo.png', loop: true }],
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
    inputs.flatMap(({ path, loop }) => [
      ...readLimitArgs(readLimitSec),
      ...(loop === true ? ['-loop', '1', '-pattern_type', 'none', '-f', 'image2'] : []),
      '-i',
      path,
    ]),
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
