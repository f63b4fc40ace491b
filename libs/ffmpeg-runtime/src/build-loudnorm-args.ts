import { STRIP_METADATA_ARGS, kbps, outputLimitArgs, readLimitArgs } from './argv-parts';
import { assertAbsolutePath } from './assert-path';

/**
 * The podcast MP3's sample rate: 44.1 kHz, what podcast directories (Apple Podcasts' spec: MP3,
 * 128 kbit/s, 44.1 kHz) and every MP3 player expect; loudnorm itself works at 192 kHz, so the
 * output rate must be set anyway.
 */
export const PODCAST_SAMPLE_RATE_HZ = 44_100;

/** The loudness targets of both passes (EBU R128 / podcast conventions). */
export interface LoudnessTargets {
  /** Integrated loudness, LUFS (e.g. −16). */
  integratedLufs: number;
  /** Maximum true peak, dBTP (e.g. −1). */
  truePeakDb: number;
  /** Loudness range, LU: only the fallback (dynamic) mode uses it. Default 11. */
  loudnessRangeLu?: number;
}

/** What pass 1 measured: loudnorm's `measured_*` and `offset` options of pass 2. */
export interface LoudnormMeasured {
  integratedLufs: number;
  truePeakDb: number;
  loudnessRangeLu: number;
  thresholdLufs: number;
  targetOffsetLu: number;
}

/** loudnorm's default loudness range target, LU. */
export const DEFAULT_LOUDNESS_RANGE_LU = 11;

function targetOptions({
  integratedLufs,
  truePeakDb,
  loudnessRangeLu = DEFAULT_LOUDNESS_RANGE_LU,
}: LoudnessTargets): string {
  const check = (value: number, role: string, min: number, max: number) => {
    if (!Number.isFinite(value) || value < min || value > max) {
      throw new TypeError(`${role} must be within ${min}…${max}, got ${value}`);
    }
    return String(value);
  };
  return [
    `I=${check(integratedLufs, 'integratedLufs', -70, -5)}`,
    `TP=${check(truePeakDb, 'truePeakDb', -9, 0)}`,
    `LRA=${check(loudnessRangeLu, 'loudnessRangeLu', 1, 50)}`,
  ].join(':');
}

/**
 * Pass 1: ffmpeg argv that decodes the first audio stream through `loudnorm` in measuring mode
 * (its JSON report goes to stderr, see `parseLoudnormReport`) and writes nothing. Pure.
 *
 * @example
 * buildLoudnormMeasureArgs({ input: '/job/render.mp4', integratedLufs: -16, truePeakDb: -1, readLimitSec: 14_401 });
 */
export function buildLoudnormMeasureArgs({
  input,
  readLimitSec,
  ...targets
}: LoudnessTargets & { input: string; readLimitSec?: number }): string[] {
  assertAbsolutePath(input, 'input');
  return [
    readLimitArgs(readLimitSec),
    ['-i', input],
    ['-map', '0:a:0', '-vn', '-sn', '-dn'],
    ['-af', `loudnorm=${targetOptions(targets)}:print_format=json`],
    ['-f', 'null', '-'],
  ].flat();
}

/**
 * Pass 2's filter: loudnorm with pass 1's measurements in linear mode (one gain for the whole
 * input; loudnorm falls back to its dynamic mode by itself when that gain would break the
 * true-peak limit), the targets checked as in pass 1. Shared by every encode that normalises in
 * the same run (the podcast MP3, the transcoder's AAC rendition). Pure.
 *
 * @example
 * buildLoudnormApplyFilter({ integratedLufs: -16, truePeakDb: -1, measured });
 * // → 'loudnorm=I=-16:TP=-1:LRA=11:measured_I=-30.2:…:offset=0.3:linear=true'
 */
export function buildLoudnormApplyFilter({
  measured,
  ...targets
}: LoudnessTargets & { measured: LoudnormMeasured }): string {
  return [
    `loudnorm=${targetOptions(targets)}`,
    `measured_I=${measured.integratedLufs}`,
    `measured_TP=${measured.truePeakDb}`,
    `measured_LRA=${measured.loudnessRangeLu}`,
    `measured_thresh=${measured.thresholdLufs}`,
    `offset=${measured.targetOffsetLu}`,
    'linear=true',
  ].join(':');
}

/**
 * Pass 2: ffmpeg argv that applies loudnorm with pass 1's measurements in linear mode (one gain
 * for the whole episode; loudnorm falls back to its dynamic mode by itself when that gain would
 * break the true-peak limit) and encodes a CBR MP3 at {@link PODCAST_SAMPLE_RATE_HZ} with an
 * ID3v2.3 header (the version most players and podcast apps read) and a Xing/LAME header.
 * Without `measured` (a silent input: there is no loudness to normalise) the audio is encoded as
 * it is. Pure.
 *
 * @example
 * buildLoudnormApplyArgs({ input, output: '/job/episode.mp3', integratedLufs: -16, truePeakDb: -1,
 *   bitrateKbps: 128, measured: { integratedLufs: -30.2, truePeakDb: -9.1, loudnessRangeLu: 4.2,
 *   thresholdLufs: -40.6, targetOffsetLu: 0.3 } });
 */
export function buildLoudnormApplyArgs({
  input,
  output,
  bitrateKbps,
  measured,
  readLimitSec,
  maxOutputBytes,
  ...targets
}: LoudnessTargets & {
  input: string;
  output: string;
  bitrateKbps: number;
  measured: LoudnormMeasured | undefined;
  readLimitSec?: number;
  maxOutputBytes?: number;
}): string[] {
  assertAbsolutePath(input, 'input');
  assertAbsolutePath(output, 'output');
  const filter =
    measured === undefined ? [] : ['-af', buildLoudnormApplyFilter({ ...targets, measured })];
  return [
    readLimitArgs(readLimitSec),
    ['-i', input],
    ['-map', '0:a:0', '-vn', '-sn', '-dn'],
    STRIP_METADATA_ARGS,
    filter,
    ['-ar', String(PODCAST_SAMPLE_RATE_HZ)],
    ['-c:a', 'libmp3lame', '-b:a', kbps(bitrateKbps, 'bitrateKbps')],
    ['-id3v2_version', '3', '-write_xing', '1'],
    outputLimitArgs(maxOutputBytes),
    ['-f', 'mp3', '-y', output],
  ].flat();
}
