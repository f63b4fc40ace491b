import {
  buildLoudnormApplyArgs,
  buildLoudnormMeasureArgs,
  DEFAULT_LOUDNESS_RANGE_LU,
  type LoudnessTargets,
  type LoudnormMeasured,
} from './build-loudnorm-args';
import { relabelError } from './input-label';
import { limitsOf, type MediaOperationOptions, type OperationContext } from './operation-context';
import { MP3_MAX_BYTES_PER_SEC, outputByteLimit } from './output-limits';
import { parseLoudnormReport, type LoudnessMeasurement } from './parse-loudnorm-report';
import type { FfmpegProgress } from './progress-parser';
import { runOperation, type OperationRun } from './run-operation';

// Decoded output ends with the last frame's length and encoder padding (as media-operations).
const DECODED_OVERRUN_TOLERANCE_SEC = 0.5;
// Share of the progress bar per pass: measuring is ~5× faster than measuring + encoding.
const PASS_SPANS = [
  [0, 30],
  [30, 90],
  [90, 100],
] as const;

/** Options of {@link encodePodcastMp3}. */
export interface PodcastMp3Options extends MediaOperationOptions, LoudnessTargets {
  /** Absolute path of the MP3 to write. */
  output: string;
  /** CBR bitrate, e.g. 128. */
  bitrateKbps: number;
}

/** What {@link encodePodcastMp3} did. */
export interface PodcastMp3Run extends OperationRun {
  /** Pass 1: the input's loudness (integrated null: silent). */
  inputLoudness: LoudnessMeasurement;
  /** The written MP3's loudness, measured again after the encode. */
  outputLoudness: LoudnessMeasurement;
  /** `linear`, `dynamic` (loudnorm had to limit to keep the true peak) or `none` (silent input). */
  normalization: 'linear' | 'dynamic' | 'none';
}

type ProgressSink = ((progress: FfmpegProgress) => void) | undefined;

/**
 * The three passes' progress as one strictly rising series: each pass fills its span of the bar,
 * and only the last pass's end reports 100.
 */
function passProgress(onProgress: ProgressSink) {
  let lastPercent = -1;
  return ([from, to]: readonly [number, number]): ProgressSink => {
    if (onProgress === undefined) return undefined;
    return (progress) => {
      const percent = from + ((to - from) * progress.percent) / 100;
      if (percent <= lastPercent) return;
      lastPercent = percent;
      onProgress({ ...progress, percent, done: progress.done && to === 100 });
    };
  };
}

/**
 * A loudnorm measuring pass (1 on the input, 3 on the written MP3) run as every operation:
 * duration guardrail, decode errors counted and limited, deadline; loudnorm's report parsed from
 * the end of stderr. A failure of pass 3 removes the MP3.
 */
async function measureLoudness(
  context: OperationContext,
  options: PodcastMp3Options,
  pass: { input: string; outputs: readonly string[]; onProgress: ProgressSink },
) {
  const { maxDurationSec, readLimitSec } = limitsOf(context, options.guardrails);
  const { input, outputs, onProgress } = pass;
  try {
    const { stderrTail = '' } = await runOperation({
      durationSec: options.durationSec,
      signal: options.signal,
      deadlineAtMs: options.deadlineAtMs,
      observability: options.observability,
      onProgress,
      operation: 'measure-loudness',
      args: buildLoudnormMeasureArgs({ ...options, input, readLimitSec }),
      input,
      outputs,
      decodes: true,
      maxDurationSec,
      overrunToleranceSec: DECODED_OVERRUN_TOLERANCE_SEC,
      keepStderr: { maxLines: 80, maxChars: 16 * 1024 },
      runner: { ...context.runner, maxStreams: context.guardrails.maxStreams },
    });
    return parseLoudnormReport(stderrTail);
  } catch (error) {
    throw relabelError(error, { input: options.input, inputLabel: options.inputLabel });
  }
}

/**
 * The podcast edition of a render: the first audio stream → a CBR MP3 at 44.1 kHz normalised by
 * two-pass loudnorm (pass 1 measures, pass 2 applies one linear gain with those measurements,
 * loudnorm limiting only when that gain would pass `truePeakDb`), then the MP3 measured again.
 * Every pass runs as every other operation (duration guardrail, decode errors counted and
 * limited, deadline); pass 2 also writes under `-fs`, and a failure of pass 2 or 3 removes the MP3. A silent input (no gated loudness)
 * is encoded as it is, `normalization: 'none'`: there is nothing to raise to the target, and an
 * episode's picture without sound should not fail its render.
 *
 * @example
 * const { inputLoudness, outputLoudness } = await runtime.encodePodcastMp3({ input: render,
 *   output: join(dir, 'episode.mp3'), integratedLufs: -16, truePeakDb: -1, bitrateKbps: 128,
 *   durationSec, onProgress, deadlineAtMs, signal });
 */
export async function encodePodcastMp3(
  context: OperationContext,
  options: PodcastMp3Options,
): Promise<PodcastMp3Run> {
  const { input, output, inputLabel, durationSec, signal, deadlineAtMs, observability } = options;
  const progressOf = passProgress(options.onProgress);
  const report = await measureLoudness(context, options, {
    input,
    outputs: [],
    onProgress: progressOf(PASS_SPANS[0]),
  });
  const measured = measuredValues(report.input, report.targetOffsetLu);
  const { maxDurationSec, readLimitSec } = limitsOf(context, options.guardrails);
  const maxOutputBytes = outputByteLimit({ bytesPerSec: MP3_MAX_BYTES_PER_SEC, readLimitSec });
  const run = await runOperation({
    inputLabel,
    durationSec,
    signal,
    deadlineAtMs,
    observability,
    operation: 'encode-podcast-mp3',
    args: buildLoudnormApplyArgs({
      ...options,
      measured,
      readLimitSec,
      maxOutputBytes,
    }),
    input,
    outputs: [output],
    decodes: true,
    maxDurationSec,
    overrunToleranceSec: DECODED_OVERRUN_TOLERANCE_SEC,
    sizeLimitedOutput: { path: output, maxBytes: maxOutputBytes },
    onProgress: progressOf(PASS_SPANS[1]),
    runner: { ...context.runner, maxStreams: context.guardrails.maxStreams },
  });
  const written = await measureLoudness(context, options, {
    input: output,
    outputs: [output],
    onProgress: progressOf(PASS_SPANS[2]),
  });
  return {
    ...run,
    inputLoudness: report.input,
    outputLoudness: written.input,
    normalization: normalizationOf(measured, options),
  };
}

function measuredValues(
  input: LoudnessMeasurement,
  targetOffsetLu: number | null,
): LoudnormMeasured | undefined {
  const { integratedLufs, truePeakDb, loudnessRangeLu, thresholdLufs } = input;
  if (
    integratedLufs === null ||
    truePeakDb === null ||
    loudnessRangeLu === null ||
    thresholdLufs === null ||
    targetOffsetLu === null
  ) {
    return undefined;
  }
  return { integratedLufs, truePeakDb, loudnessRangeLu, thresholdLufs, targetOffsetLu };
}

/**
 * loudnorm's own rule (ffmpeg 5.1 af_loudnorm.c): one linear gain when the measured peak raised
 * by it stays within the true-peak target and the range within the range target; else dynamic.
 */
function normalizationOf(
  measured: LoudnormMeasured | undefined,
  { integratedLufs, truePeakDb, loudnessRangeLu = DEFAULT_LOUDNESS_RANGE_LU }: LoudnessTargets,
): PodcastMp3Run['normalization'] {
  if (measured === undefined) return 'none';
  const gainDb = integratedLufs - measured.integratedLufs;
  const fits =
    measured.truePeakDb + gainDb <= truePeakDb &&
    measured.loudnessRangeLu <= loudnessRangeLu &&
    measured.loudnessRangeLu !== 0 &&
    measured.thresholdLufs !== -70;
  return fits ? 'linear' : 'dynamic';
}
