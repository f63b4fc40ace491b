import { readLimitArgs } from './argv-parts';
import { assertAbsolutePath } from './assert-path';

/** Options of {@link buildSilenceDetectArgs}. */
export interface SilenceDetectOptions {
  /** Absolute path of the source (audio or video; its first audio stream is analysed). */
  input: string;
  /**
   * Absolute path of the text file the silences are written to (read it with
   * `parseSilenceLog`). Only letters, digits, `/`, `.`, `_` and `-`: the path sits inside a
   * filter graph, where `:`, `,`, `'` and `\` are syntax.
   */
  logFile: string;
  /** Level under which audio counts as silence. Default -35 (dBFS). */
  noiseDb?: number;
  /** Shortest silence reported. Default 0.4. */
  minSilenceSec?: number;
  /** Read no more than this many seconds of the input (`-t`), whatever it claims. */
  readLimitSec?: number;
}

const FILTER_SAFE_PATH = /^[A-Za-z0-9/._-]+$/;

/**
 * ffmpeg argv that finds the silences of `input` with `silencedetect` and has `ametadata` write
 * every `lavfi.silence_start` / `lavfi.silence_end` to `logFile`, so the result never depends on
 * the bounded stderr tail, however many silences there are. Decodes only; writes nothing else.
 * Pure.
 *
 * @example
 * buildSilenceDetectArgs({ input: '/tmp/job/audio-16k.wav', logFile: '/tmp/job/silences.txt' });
 */
export function buildSilenceDetectArgs({
  input,
  logFile,
  noiseDb = -35,
  minSilenceSec = 0.4,
  readLimitSec,
}: SilenceDetectOptions): string[] {
  assertAbsolutePath(input, 'input');
  assertAbsolutePath(logFile, 'logFile');
  if (!FILTER_SAFE_PATH.test(logFile)) {
    throw new TypeError(
      `logFile must contain only letters, digits, '/', '.', '_' and '-', got ${JSON.stringify(logFile)}`,
    );
  }
  if (!Number.isFinite(noiseDb) || noiseDb > 0 || noiseDb < -120) {
    throw new TypeError(`noiseDb must be a number from -120 to 0, got ${noiseDb}`);
  }
  if (!Number.isFinite(minSilenceSec) || minSilenceSec <= 0 || minSilenceSec > 3600) {
    throw new TypeError(`minSilenceSec must be a number > 0 and ≤ 3600, got ${minSilenceSec}`);
  }
  const filter = `silencedetect=noise=${noiseDb}dB:d=${minSilenceSec},ametadata=mode=print:file=${logFile}`;
  return [
    ...readLimitArgs(readLimitSec),
    ...['-i', input, '-map', '0:a:0', '-af', filter, '-f', 'null', '-'],
  ];
}
