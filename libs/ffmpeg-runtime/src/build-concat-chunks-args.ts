import { assertAbsolutePath } from './assert-path';
import { STRIP_METADATA_ARGS, kbps, outputLimitArgs, readLimitArgs, seconds } from './argv-parts';
import { renderInputArgs, type RenderGraphInput } from './build-render-graph-args';

/** One rendered chunk as the concat list names it. */
export interface ConcatListEntry {
  /**
   * The chunk's path relative to the list's directory, `/`-separated, each part a plain name (the
   * concat demuxer's `-safe 1` rules: nothing outside the directory can be named).
   */
  relativePath: string;
  /** Its exact length (frames / fps): the next chunk starts there, whatever the container says. */
  durationSec: number;
}

/** Options of {@link buildConcatChunksArgs}. */
export interface ConcatChunksArgsOptions {
  /** Absolute path of the concat list ({@link buildConcatList}), beside the chunks. */
  listPath: string;
  /** The inputs the sound's filter graph reads (the source, intro, outro), after the list. */
  audioInputs: readonly RenderGraphInput[];
  /** Absolute path of the file holding the sound's filter graph. */
  filterScriptPath: string;
  /** The sound graph's output label, without brackets. */
  audioOut: string;
  output: string;
  audioBitrateKbps: number;
  /** `-t` on every input: nothing is read past the duration guardrail. */
  readLimitSec: number;
  maxOutputBytes?: number;
}

const SAFE_FILE_NAME = /^[A-Za-z0-9_][A-Za-z0-9._-]*$/;
const LABEL = /^[A-Za-z0-9_]+$/;

/**
 * The concat demuxer's list of chunks: one `file` line per chunk (a relative path of plain names,
 * so `-safe 1` accepts it and nothing outside the directory can be named) and its exact `duration`.
 *
 * @example
 * buildConcatList([{ relativePath: 'chunk-0/render.mp4', durationSec: 60 }]);
 * // → "ffconcat version 1.0\nfile 'chunk-0/render.mp4'\nduration 60.000000\n"
 */
export function buildConcatList(entries: readonly ConcatListEntry[]): string {
  if (entries.length === 0) throw new TypeError('A concat list needs at least one chunk');
  const lines = entries.flatMap(({ relativePath, durationSec }) => {
    if (!relativePath.split('/').every((part) => SAFE_FILE_NAME.test(part))) {
      throw new TypeError(
        `A chunk must be a relative path of plain names, got ${JSON.stringify(relativePath)}`,
      );
    }
    if (!Number.isFinite(durationSec) || durationSec <= 0) {
      throw new TypeError(`A chunk's durationSec must be a positive number, got ${durationSec}`);
    }
    return [`file '${relativePath}'`, `duration ${seconds(durationSec)}`];
  });
  return ['ffconcat version 1.0', ...lines, ''].join('\n');
}

/**
 * ffmpeg argv joining rendered chunks without re-encoding their picture and encoding the whole
 * render's sound once: the chunks' video read through the concat demuxer (`-safe 1`, the list's
 * entries under the runtime's allow-lists) and stream-copied, the sound made by its own filter
 * graph from the other inputs and encoded as one AAC-LC stream (no priming gap or seam at the
 * joins), metadata stripped, `-movflags +faststart`. Pure.
 *
 * @example
 * buildConcatChunksArgs({ listPath: '/s/chunks.txt', audioInputs: [{ path: '/s/in.mp4' }],
 *   filterScriptPath: '/s/audio.txt', audioOut: 'cut_a', output: '/s/render.mp4',
 *   audioBitrateKbps: 160, readLimitSec: 14_401 });
 */
export function buildConcatChunksArgs({
  listPath,
  audioInputs,
  filterScriptPath,
  audioOut,
  output,
  audioBitrateKbps,
  readLimitSec,
  maxOutputBytes,
}: ConcatChunksArgsOptions): string[] {
  assertAbsolutePath(listPath, 'listPath');
  for (const { path } of audioInputs) assertAbsolutePath(path, 'input');
  assertAbsolutePath(filterScriptPath, 'filterScriptPath');
  assertAbsolutePath(output, 'output');
  if (!LABEL.test(audioOut)) {
    throw new TypeError(`audioOut must be a graph label, got ${JSON.stringify(audioOut)}`);
  }
  return [
    // -f right before -i: the input guard adds the forced demuxer to that input's allow-list.
    [...readLimitArgs(readLimitSec), '-safe', '1', '-f', 'concat', '-i', listPath],
    audioInputs.flatMap((input) => renderInputArgs(input, readLimitSec)),
    ['-filter_complex_script', filterScriptPath],
    ['-map', '0:v:0', '-map', `[${audioOut}]`],
    STRIP_METADATA_ARGS,
    ['-c:v', 'copy'],
    ['-c:a', 'aac', '-profile:a', 'aac_low', '-b:a', kbps(audioBitrateKbps, 'audioBitrateKbps')],
    outputLimitArgs(maxOutputBytes),
    ['-movflags', '+faststart', '-f', 'mp4', '-y', output],
  ].flat();
}
