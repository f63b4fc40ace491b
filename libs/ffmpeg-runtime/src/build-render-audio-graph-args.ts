import { assertAbsolutePath } from './assert-path';
import { STRIP_METADATA_ARGS, outputLimitArgs } from './argv-parts';
import { renderInputArgs, type RenderGraphInput } from './build-render-graph-args';

/** Options of {@link buildRenderAudioGraphArgs}. */
export interface RenderAudioGraphArgsOptions {
  inputs: readonly RenderGraphInput[];
  /** Absolute path of the file holding the filter graph (`-filter_complex_script`). */
  filterScriptPath: string;
  /** The graph's sound output label, without brackets. */
  audioOut: string;
  /** Absolute path of the FLAC to write. */
  output: string;
  /** `-t` on every input: nothing is read past the duration guardrail. */
  readLimitSec: number;
  maxOutputBytes?: number;
}

const LABEL = /^[A-Za-z0-9_]+$/;

/**
 * ffmpeg argv for the SOUND of a filter graph only (an audio-only render): every input read at
 * most `readLimitSec`, the graph read from a file, its one audio output mapped and written
 * losslessly as 24-bit FLAC (the podcast MP3's loudnorm passes read it next), metadata stripped.
 * Whatever picture the graph makes must end in a sink inside it: nothing else is mapped. Pure.
 *
 * @example
 * buildRenderAudioGraphArgs({ inputs: [{ path: '/s/episode.m4a' }], filterScriptPath: '/s/g.txt',
 *   audioOut: 'cut_a', output: '/s/episode.flac', readLimitSec: 14_401 });
 * // → ['-t', '14401.000000', '-i', '/s/episode.m4a', '-filter_complex_script', '/s/g.txt',
 * //    '-map', '[cut_a]', …, '-c:a', 'flac', '-sample_fmt', 's32', '-f', 'flac', '-y', '/s/episode.flac']
 */
export function buildRenderAudioGraphArgs({
  inputs,
  filterScriptPath,
  audioOut,
  output,
  readLimitSec,
  maxOutputBytes,
}: RenderAudioGraphArgsOptions): string[] {
  if (inputs.length === 0) throw new TypeError('An audio graph needs at least one input');
  for (const { path } of inputs) assertAbsolutePath(path, 'input');
  assertAbsolutePath(filterScriptPath, 'filterScriptPath');
  assertAbsolutePath(output, 'output');
  if (!LABEL.test(audioOut)) {
    throw new TypeError(`audioOut must be a graph label, got ${JSON.stringify(audioOut)}`);
  }
  return [
    inputs.flatMap((input) => renderInputArgs(input, readLimitSec)),
    ['-filter_complex_script', filterScriptPath],
    ['-map', `[${audioOut}]`],
    STRIP_METADATA_ARGS,
    ['-c:a', 'flac', '-sample_fmt', 's32', '-bits_per_raw_sample', '24'],
    outputLimitArgs(maxOutputBytes),
    ['-f', 'flac', '-y', output],
  ].flat();
}
