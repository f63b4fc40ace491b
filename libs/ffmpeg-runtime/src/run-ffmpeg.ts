import { guardInputs } from './input-guard';
import { createProgressParser, type FfmpegProgress } from './progress-parser';
import { runProcess, type ProcessRun, type RunProcessOptions } from './run-process';

/** Options of {@link runFfmpeg}: the process options, minus what the runner decides itself. */
export interface RunFfmpegOptions extends Omit<
  RunProcessOptions,
  'tool' | 'binaryPath' | 'onStdoutLine' | 'failsDespiteExitZero'
> {
  /** Default `ffmpeg` (found on PATH). Apps pass their configured `FFMPEG_PATH`. */
  ffmpegPath?: string;
  /** Demuxers the inputs may be opened with. Default {@link DEFAULT_INPUT_FORMATS}. */
  allowedInputFormats?: readonly string[];
  /** Streams an input may have (`-max_streams`); more fail as GuardrailExceededError. */
  maxStreams?: number;
  /** Expected output duration, normally the probed input's; the base of the percentages. */
  durationSec?: number;
  /** Called with strictly increasing percentages; the last call is 100 when ffmpeg finishes. */
  onProgress?: (progress: FfmpegProgress) => void;
}

// ffmpeg 5.1 exits 0 when it cannot finish an output (trailer or close fails, e.g. disk full).
const UNFINISHED_OUTPUT = /^Error (?:writing trailer of|closing file) /m;

/**
 * The exact argv (after the binary) that {@link runFfmpeg} runs for `args`: `-nostdin
 * -hide_banner -nostats`, `-progress pipe:1` when progress is wanted, and both input allow-lists in
 * front of every `-i` (see {@link guardInputs}). Pure.
 *
 * @example
 * buildFfmpegArgv({ args: ['-i', '/in.wav', '-f', 'null', '-'], progress: true });
 * // → ['-nostdin', '-hide_banner', '-nostats', '-progress', 'pipe:1',
 * //    '-protocol_whitelist', 'file,pipe', '-format_whitelist', 'mov,mp4,…', '-i', '/in.wav', …]
 */
export function buildFfmpegArgv({
  args,
  allowedInputFormats,
  maxStreams,
  progress = false,
}: {
  args: readonly string[];
  allowedInputFormats?: readonly string[];
  maxStreams?: number;
  progress?: boolean;
}): string[] {
  return [
    '-nostdin',
    '-hide_banner',
    '-nostats',
    ...(progress ? ['-progress', 'pipe:1'] : []),
    ...guardInputs(args, { allowedFormats: allowedInputFormats, maxStreams }),
  ];
}

/**
 * Runs ffmpeg through {@link runProcess} with reel's safety defaults ({@link buildFfmpegArgv}) and,
 * when `onProgress` is given, progress as a percentage of `durationSec`. A run that exits 0 after
 * failing to write an output's trailer or close it (ffmpeg 5.1 does, on a full disk) fails too.
 *
 * @example
 * const summary = await probe({ input });
 * await runFfmpeg({
 *   operation: 'extract-audio-mp3',
 *   args: buildMp3Args({ input, output }),
 *   durationSec: summary.durationSec,
 *   onProgress: ({ percent }) => logger.info('Extracting', { percent }),
 *   signal,
 * });
 */
export async function runFfmpeg({
  ffmpegPath = 'ffmpeg',
  args,
  allowedInputFormats,
  maxStreams,
  durationSec,
  onProgress,
  ...processOptions
}: RunFfmpegOptions): Promise<ProcessRun> {
  const parser = onProgress ? createProgressParser({ durationSec }) : undefined;
  return runProcess({
    ...processOptions,
    tool: 'ffmpeg',
    binaryPath: ffmpegPath,
    failsDespiteExitZero: UNFINISHED_OUTPUT,
    args: buildFfmpegArgv({
      args,
      allowedInputFormats,
      maxStreams,
      progress: parser !== undefined,
    }),
    onStdoutLine: parser
      ? (line) => {
          const progress = parser.push(line);
          if (progress) onProgress?.(progress);
        }
      : undefined,
  });
}
