import { rm, stat } from 'node:fs/promises';
import { CorruptInputError, GuardrailExceededError, isDecodeErrorLine } from '@reel/error-taxonomy';
import { relabelError } from './input-label';
import type { FfmpegProgress } from './progress-parser';
import { runFfmpeg, type RunFfmpegOptions } from './run-ffmpeg';

/**
 * More failed packets than this and a decoding run fails as CorruptInputError. One failed AAC
 * packet is ~21 ms of sound, one video packet a frame: a handful is a glitch a player would hide
 * too; 8 KB of noise in the middle of a 22 s speech file gives 40–120 and loses 4–12 % of it.
 */
export const DECODE_ERROR_LIMIT = 10;

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
  /** Count decode errors on stderr and fail past {@link DECODE_ERROR_LIMIT}. */
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
  durationSec,
  onProgress,
  signal,
  deadlineAtMs,
  observability,
  runner,
}: OperationRequest): Promise<OperationRun> {
  let outTimeSec: number | undefined;
  let decodeErrors = 0;
  const { argv, durationMs } = await runFfmpeg({
    ...runner,
    operation,
    args,
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
          if (decodeErrors > DECODE_ERROR_LIMIT) throw tooManyDecodeErrors(input, decodeErrors);
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
  return { argv, durationMs, outTimeSec, decodeErrors };
}

function tooManyDecodeErrors(input: string, decodeErrors: number): CorruptInputError {
  return new CorruptInputError(
    `${input} is damaged: more than ${DECODE_ERROR_LIMIT} packets failed to decode`,
    { details: { input, decodeErrors, limit: DECODE_ERROR_LIMIT } },
  );
}
