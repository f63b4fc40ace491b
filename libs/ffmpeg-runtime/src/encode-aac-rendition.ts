import { InternalError } from '@reel/error-taxonomy';
import type { ProbeStream } from '@reel/media-types';
import { STRIP_METADATA_ARGS, kbps, outputLimitArgs, readLimitArgs } from './argv-parts';
import { assertAbsolutePath } from './assert-path';
import { buildLoudnormApplyFilter, type LoudnormMeasured } from './build-loudnorm-args';
import type { GuardrailOverrides } from './guardrails';
import { measureLoudnorm } from './measure-loudnorm';
import { limitsOf } from './operation-context';
import { MP3_MAX_BYTES_PER_SEC, outputByteLimit } from './output-limits';
import type { LoudnessMeasurement } from './parse-loudnorm-report';
import type { FfmpegProgress } from './progress-parser';
import type { OperationOptions, OperationRun } from './run-operation';
import { runGraphEncode, type RenderGraphContext } from './run-graph-encode';

/** The AAC rendition wanted (`buildLadder`'s `plan.audio` fits). */
export interface AacRenditionPlan {
  channels: 1 | 2;
  sampleRateHz: number;
  bitrateKbps: number;
}

/** Options of {@link encodeAacRendition}. */
export interface EncodeAacRenditionOptions extends OperationOptions {
  /** Absolute path of the source (its first audio stream is encoded). */
  input: string;
  /** Absolute path of the MP4 (audio only) to write. */
  output: string;
  audio: AacRenditionPlan;
  /** Normalise to this integrated loudness (−16 podcast, −23 broadcast); absent: as it is. */
  loudnessTargetLufs?: number;
  guardrails?: GuardrailOverrides;
}

/** The written AAC rendition. */
export interface AacRendition extends OperationRun {
  path: string;
  durationSec: number;
  sampleRateHz: number;
  channels: number;
  /** The source's loudness as the measuring pass found it (only when normalising). */
  loudnessBefore?: LoudnessMeasurement;
  /**
   * `applied`: loudnorm with the measured values (one linear gain, limited only where it would
   * pass the true-peak ceiling); `silent`: nothing to normalise; `off`: no target was asked for.
   */
  normalization: 'applied' | 'silent' | 'off';
}

/** The true-peak ceiling of a normalised rendition: −1 dBTP leaves AAC's overshoot room. */
export const AAC_TRUE_PEAK_DBTP = -1;
const AAC_MAX_BYTES_PER_SEC = MP3_MAX_BYTES_PER_SEC;
// Share of the progress bar: measuring decodes only the sound, the encode decodes and encodes it.
const MEASURE_SHARE = 0.4;

/**
 * ffmpeg argv of the AAC-LC rendition: the first audio stream only (a video beside it is not
 * decoded), through loudnorm in linear mode with the measuring pass's values when `measured` is
 * given, resampled to the plan's rate and channel count (loudnorm works at 192 kHz; more than two
 * channels are downmixed), encoded once, metadata stripped. Pure.
 *
 * @example
 * buildAacRenditionArgs({ input: '/s/in.mp4', output: '/s/audio.mp4',
 *   audio: { channels: 2, sampleRateHz: 48_000, bitrateKbps: 128 }, readLimitSec: 14_401 });
 */
export function buildAacRenditionArgs({
  input,
  output,
  audio,
  loudness,
  readLimitSec,
  maxOutputBytes,
}: {
  input: string;
  output: string;
  audio: AacRenditionPlan;
  loudness?: { integratedLufs: number; measured: LoudnormMeasured };
  readLimitSec: number;
  maxOutputBytes?: number;
}): string[] {
  assertAbsolutePath(input, 'input');
  assertAbsolutePath(output, 'output');
  if (audio.channels !== 1 && audio.channels !== 2) {
    throw new TypeError(`channels must be 1 or 2, got ${String(audio.channels)}`);
  }
  if (!Number.isInteger(audio.sampleRateHz) || audio.sampleRateHz < 8000) {
    throw new TypeError(`sampleRateHz must be a whole rate ≥ 8000, got ${audio.sampleRateHz}`);
  }
  const filter =
    loudness === undefined
      ? []
      : ['-af', buildLoudnormApplyFilter({ ...loudness, truePeakDb: AAC_TRUE_PEAK_DBTP })];
  return [
    readLimitArgs(readLimitSec),
    ['-i', input],
    ['-map', '0:a:0', '-vn', '-sn', '-dn'],
    STRIP_METADATA_ARGS,
    filter,
    ['-ac', String(audio.channels), '-ar', String(audio.sampleRateHz)],
    ['-c:a', 'aac', '-profile:a', 'aac_low', '-b:a', kbps(audio.bitrateKbps, 'bitrateKbps')],
    outputLimitArgs(maxOutputBytes),
    ['-f', 'mp4', '-y', output],
  ].flat();
}

function scaledProgress(
  onProgress: ((progress: FfmpegProgress) => void) | undefined,
  from: number,
  to: number,
): ((progress: FfmpegProgress) => void) | undefined {
  if (onProgress === undefined) return undefined;
  return (progress) =>
    onProgress({
      ...progress,
      percent: from + ((to - from) * progress.percent) / 100,
      done: progress.done && to === 100,
    });
}

/**
 * The one sound rendition every video rendition shares: the source's first audio stream as AAC-LC
 * at the plan's channels, rate and bit rate, encoded ONCE from the whole input (a chunked
 * transcode has no seams in its sound). With `loudnessTargetLufs`, loudnorm first measures the
 * sound only (`measureLoudnorm`), then the same encode applies one linear gain (loudnorm limits
 * only where that gain would pass −1 dBTP); a silent source is encoded as it is. As every
 * operation: guardrails, decode errors, `deadlineAtMs`/`signal`, progress across both passes; the
 * MP4 is probed and removed when anything fails.
 *
 * @example
 * const sound = await runtime.encodeAacRendition({ input, output: join(dir, 'audio.mp4'),
 *   audio: plan.audio, loudnessTargetLufs: -16, durationSec: summary.durationSec, deadlineAtMs, signal });
 */
export async function encodeAacRendition(
  context: RenderGraphContext,
  {
    input,
    output,
    audio,
    loudnessTargetLufs,
    guardrails,
    onProgress,
    inputLabel,
    ...options
  }: EncodeAacRenditionOptions,
): Promise<AacRendition> {
  const normalise = loudnessTargetLufs !== undefined;
  const firstPass = normalise
    ? await measureLoudnorm(context, {
        ...options,
        ...(inputLabel === undefined ? {} : { inputLabel }),
        input,
        ...(guardrails === undefined ? {} : { guardrails }),
        integratedLufs: loudnessTargetLufs,
        truePeakDb: AAC_TRUE_PEAK_DBTP,
        onProgress: scaledProgress(onProgress, 0, MEASURE_SHARE * 100),
      })
    : undefined;
  const { maxDurationSec, readLimitSec } = limitsOf(context, guardrails);
  const maxOutputBytes = outputByteLimit({ bytesPerSec: AAC_MAX_BYTES_PER_SEC, readLimitSec });
  const measured = firstPass?.measured;
  let stream: ProbeStream | undefined;
  const run = await runGraphEncode(context, {
    operation: 'encode-aac-rendition',
    args: buildAacRenditionArgs({
      input,
      output,
      audio,
      ...(normalise && measured !== undefined
        ? { loudness: { integratedLufs: loudnessTargetLufs, measured } }
        : {}),
      readLimitSec,
      maxOutputBytes,
    }),
    inputs: [{ path: input, ...(inputLabel === undefined ? {} : { inputLabel }) }],
    output,
    expectedDurationSec: options.durationSec ?? maxDurationSec,
    limits: { readLimitSec, outputLimitSec: maxDurationSec, maxOutputBytes },
    options: {
      ...options,
      onProgress: scaledProgress(onProgress, normalise ? MEASURE_SHARE * 100 : 0, 100),
    },
    check: (summary) => {
      stream = summary.streams.find(({ type }) => type === 'audio');
      if (stream?.codecName !== 'aac' || stream.durationSec === undefined) {
        throw new InternalError(`The AAC rendition ${output} holds no AAC stream`);
      }
    },
  });
  return {
    ...run,
    path: output,
    durationSec: stream?.durationSec ?? 0,
    sampleRateHz: stream?.sampleRateHz ?? audio.sampleRateHz,
    channels: stream?.channels ?? audio.channels,
    ...(firstPass === undefined ? {} : { loudnessBefore: firstPass.report.input }),
    normalization: firstPass === undefined ? 'off' : measured === undefined ? 'silent' : 'applied',
  };
}
