import { rm, stat } from 'node:fs/promises';
import { CorruptInputError, GuardrailExceededError, isDecodeErrorLine } from '@reel/error-taxonomy';
import { relabelError } from './input-label';
import type { FfmpegProgress } from './progress-parser';
import { runFfmpeg, type RunFfmpegOptions } from './run-ffmpeg';
import type { StderrTailLimits } from './stderr-tail';

/**
 * The fewest failed packets that fail a decoding run, however short the media. One failed AAC
 * packet is ~21 ms of sound, one video packet a frame: a handful is a glitch a player would hide
 * too; 8 KB of noise in the middle of a 12–22 s file gives ~40 and loses 4–12 % of it.
 */
export const DECODE_ERROR_LIMIT = 10;
/**
 * Failed packets allowed per minute of media on top of {@link DECODE_ERROR_LIMIT} for long media:
 * about 0.2 % of an AAC track's sound (6 × 21 ms a minute). A 2 h recording may have 720 (11
 * scattered glitches pass); the same 8 KB of noise still fails anything under 7 minutes.
 */
export const DECODE_ERRORS_PER_MINUTE = 6;

/**
 * How many failed packets `mediaSec` of media may have: a run fails with more than
 * `max(DECODE_ERROR_LIMIT, DECODE_ERRORS_PER_MINUTE × minutes)`.
 *
 * @example
 * decodeErrorLimit(20); // → 10
 * decodeErrorLimit(7200); // → 720
 */
export function decodeErrorLimit(mediaSec: number): number {
  return Math.max(DECODE_ERROR_LIMIT, Math.floor((DECODE_ERRORS_PER_MINUTE * mediaSec) / 60));
}

/** Common options of every operation the runtime offers. */
export interface OperationOptions {
  /** The input as the user knows it (file name, storage key): used in messages instead of the path. */
  inputLabel?: string;
  /** The expected duration (normally the probed one): the base of progress percentages. */
  durationSec?: number;
  onProgress?: (progress: FfmpegProgress) => void;
  signal?: AbortSignal;
  /** Stop the run at this instant (epoch milliseconds), e.g. the Lambda deadline minus a margin. */
  deadlineAtMs?: number;
  observability?: RunFfmpegOptions['observability'];
}

/** What {@link runOperation} needs beyond {@link OperationOptions}. */
export interface OperationRequest extends OperationOptions {
  operation: string;
  /** The builder's argv, with its `-t` read limit (and `-fs` output limit) already in it. */
  args: string[];
  input: string;
  /** Files and directories this run writes; removed when it fails. */
  outputs: readonly string[];
  /** Count decode errors on stderr and fail past {@link decodeErrorLimit} for the media's length. */
  decodes: boolean;
  /** The duration guardrail: media found past it fails the run. */
  maxDurationSec: number;
  /**
   * How far past `maxDurationSec` the reported time may go before it counts as media past the
   * limit: 0 for a packet scan (it reports a packet's start), more for decoded output (which ends
   * with the last frame's duration and encoder padding).
   */
  overrunToleranceSec: number;
  /** An output written with `-fs`: reaching that size means it was cut short. */
  sizeLimitedOutput?: { path: string; maxBytes: number };
  /**
   * Keep this much of stderr and return it as the run's `stderrTail` (a filter's report printed
   * at the end, e.g. loudnorm's JSON). Without it the run returns none.
   */
  keepStderr?: StderrTailLimits;
  /** The runner options bound by the runtime (binary, allow-lists, grace, search path). */
  runner: Pick<
    RunFfmpegOptions,
    'ffmpegPath' | 'allowedInputFormats' | 'maxStreams' | 'killGraceMs' | 'searchPath'
  >;
}

/** A finished operation. */
export interface OperationRun {
  /** The argv that ran, binary first. */
  argv: string[];
  durationMs: number;
  /** Where the output ended, by ffmpeg's last progress report; undefined when it never said. */
  outTimeSec?: number;
  /** Packets or frames that failed to decode (only counted for decoding operations). */
  decodeErrors: number;
  /** The end of stderr, only when the request asked for it (`keepStderr`). */
  stderrTail?: string;
}

/**
 * The one runner of the runtime's operations: runs the builder's argv through `runFfmpeg` with
 * progress always on, counts decode errors as stderr streams by (stopping the run once there are
 * too many), and turns what the run measured into guardrail failures — output time past the
 * duration limit (the `-t` read limit was reached: the input is longer than allowed, whatever it
 * claims) or an output at its `-fs` size. Every failure removes `outputs` and names the input by
 * `inputLabel`.
 *
 * @example
 * await runOperation({ operation: 'extract-audio-mp3', args: buildMp3Args({ input, output, readLimitSec }),
 *   input, outputs: [output], decodes: true, maxDurationSec, overrunToleranceSec: 0.5, runner });
 */
export async function runOperation(request: OperationRequest): Promise<OperationRun> {
  const { input, inputLabel, outputs } = request;
  try {
    return await measuredRun(request);
  } catch (error) {
    await Promise.all(outputs.map((path) => rm(path, { recursive: true, force: true })));
    throw relabelError(error, { input, inputLabel });
  }
}

async function measuredRun({
  operation,
  args,
  input,
  decodes,
  maxDurationSec,
  overrunToleranceSec,
  sizeLimitedOutput,
  keepStderr,
  durationSec,
  onProgress,
  signal,
  deadlineAtMs,
  observability,
  runner,
}: OperationRequest): Promise<OperationRun> {
  let outTimeSec: number | undefined;
  let decodeErrors = 0;
  const { argv, durationMs, stderrTail } = await runFfmpeg({
    ...runner,
    operation,
    args,
    ...(keepStderr === undefined ? {} : { stderrTail: keepStderr }),
    durationSec,
    signal,
    deadlineAtMs,
    observability,
    onProgress: (progress) => {
      outTimeSec = progress.outTimeSec ?? outTimeSec;
      onProgress?.(progress);
    },
    onStderrLine: decodes
      ? (line) => {
          if (!isDecodeErrorLine(line)) return;
          decodeErrors += 1;
          // Past what even the longest allowed media may have, the rest need not be decoded.
          const mostAllowed = decodeErrorLimit(maxDurationSec);
          if (decodeErrors > mostAllowed) {
            throw tooManyDecodeErrors({
              input,
              decodeErrors,
              limit: mostAllowed,
              outTimeSec,
              durationSec,
            });
          }
        }
      : undefined,
  });
  if (outTimeSec !== undefined && outTimeSec > maxDurationSec + overrunToleranceSec) {
    throw new GuardrailExceededError(
      `${input} holds media past ${outTimeSec.toFixed(1)} s, more than the ${maxDurationSec} s allowed (maxDurationSec), whatever its header claims`,
      {
        details: {
          guardrail: 'maxDurationSec',
          limit: maxDurationSec,
          actual: outTimeSec,
          measuredDurationSec: outTimeSec,
          operation,
        },
      },
    );
  }
  if (sizeLimitedOutput !== undefined) {
    const { path, maxBytes } = sizeLimitedOutput;
    const bytes = (await stat(path)).size;
    if (bytes >= maxBytes) {
      throw new GuardrailExceededError(
        `The output of ${operation} from ${input} reached ${bytes} bytes, the most allowed for its duration limit (maxOutputBytes)`,
        { details: { guardrail: 'maxOutputBytes', limit: maxBytes, actual: bytes, operation } },
      );
    }
  }
  // Judged by the media it really held, which may be shorter or longer than claimed.
  const limit = decodeErrorLimit(outTimeSec ?? durationSec ?? 0);
  if (decodes && decodeErrors > limit) {
    throw tooManyDecodeErrors({ input, decodeErrors, limit, outTimeSec, durationSec });
  }
  return {
    argv,
    durationMs,
    outTimeSec,
    decodeErrors,
    ...(keepStderr === undefined ? {} : { stderrTail }),
  };
}

function tooManyDecodeErrors({
  input,
  decodeErrors,
  limit,
  outTimeSec,
  durationSec,
}: {
  input: string;
  decodeErrors: number;
  limit: number;
  outTimeSec: number | undefined;
  durationSec: number | undefined;
}): CorruptInputError {
  const measured = outTimeSec === undefined ? '' : ` in ${outTimeSec.toFixed(1)} s decoded`;
  const claimed = durationSec === undefined ? '' : ` (claimed ${durationSec.toFixed(1)} s)`;
  return new CorruptInputError(
    `${input} is damaged: ${decodeErrors} packets failed to decode${measured}${claimed}, more than the ${limit} allowed`,
    {
      details: {
        input,
        decodeErrors,
        limit,
        ...(outTimeSec === undefined ? {} : { measuredDurationSec: outTimeSec }),
        ...(durationSec === undefined ? {} : { claimedDurationSec: durationSec }),
      },
    },
  );
}
