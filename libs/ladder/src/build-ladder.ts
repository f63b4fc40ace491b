import type { EncodeLadderRung } from '@reel/ffmpeg-runtime';
import type { FrameRate } from '@reel/cut-plan';
import { UnsupportedMediaError } from '@reel/error-taxonomy';
import type { TranscodeOptions } from '@reel/media-types';
import { h264Level } from './h264-level';
import type { LadderSource } from './ladder-source';
import { outputFrameRate } from './output-frame-rate';
import { rungBitrateKbps } from './rung-bitrate';

/** One video rendition: its frame, rate control and what a player is told of it. */
export interface RungPlan extends EncodeLadderRung {
  profile: 'high';
  /** RFC 6381 codec string, `avc1.64001f` for High 3.1. */
  codecs: string;
}

/** The one AAC-LC rendition every video rendition shares. */
export interface AudioPlan {
  codecs: 'mp4a.40.2';
  /** A mono source stays mono; anything else is stereo (more channels are downmixed). */
  channels: 1 | 2;
  /** 44.1 or 48 kHz as the source has it; any other rate becomes 48 kHz. */
  sampleRateHz: 44_100 | 48_000;
  /** 128 stereo, 64 mono. */
  bitrateKbps: number;
}

/** What every rung is encoded to: one output rate, one GOP, the rungs and the sound. */
export interface LadderPlan {
  /** Output frames per second (constant), as a number. */
  frameRate: number;
  /** The same rate as an exact fraction (`30000/1001`), for `fps=` and keyframe arithmetic. */
  frameRateFraction: FrameRate;
  /** The requested segment length (options). */
  segmentDurationSec: number;
  /** Frames per GOP and per segment: `round(segmentDurationSec × fps)`, the same on every rung. */
  gopFrames: number;
  /** The real segment length: `gopFrames / fps` (4.004 s for 4 s at 29.97 fps). */
  gopDurationSec: number;
  /** Tallest first; empty for an input without a picture (audio-only output). */
  video: RungPlan[];
  /** Absent for an input without sound. */
  audio?: AudioPlan;
}

const STEREO_AAC_KBPS = 128;
const MONO_AAC_KBPS = 64;

/**
 * The adaptive ladder for a source: the option's rungs (short sides, tallest first) that do not
 * upscale it — when none fits, one rung at the source's own short side — each with even sides
 * and the source's displayed aspect, a bit rate from {@link rungBitrateKbps} (table, capped by
 * the source's), the lowest H.264 High level that holds it; one constant output rate
 * ({@link outputFrameRate}); a GOP of whole frames for the segment length; AAC-LC at the
 * source's channel count (mono stays mono, more become stereo). Throws a TypeError for options
 * outside the schema's ranges and an UnsupportedMediaError for a source with neither picture nor
 * sound. Pure.
 *
 * @example
 * buildLadder({ durationSec: 60, video: { width: 1920, height: 1080, frameRate: 30 },
 *   audio: { channels: 2, sampleRateHz: 48_000 } }, transcodeOptionsSchema.parse({}));
 * // → video: 1080p 1920x1080 High 4.0, 720p 1280x720 High 3.1, 480p 854x480 High 3.0; gopFrames 120
 */
export function buildLadder(
  source: LadderSource,
  options: Pick<TranscodeOptions, 'rungs' | 'segmentDurationSec'>,
): LadderPlan {
  assertOptions(options);
  if (source.video === undefined && source.audio === undefined) {
    throw new UnsupportedMediaError('The input has neither a picture nor sound to transcode', {
      details: { durationSec: source.durationSec },
    });
  }
  const frameRateFraction = outputFrameRate(source.video?.frameRate);
  const frameRate = frameRateFraction.numerator / frameRateFraction.denominator;
  const gopFrames = Math.max(1, Math.round(options.segmentDurationSec * frameRate));
  const video = source.video === undefined ? [] : planRungs(source.video, options.rungs, frameRate);
  return {
    frameRate,
    frameRateFraction,
    segmentDurationSec: options.segmentDurationSec,
    gopFrames,
    gopDurationSec: gopFrames / frameRate,
    video,
    ...(source.audio === undefined ? {} : { audio: planAudio(source.audio) }),
  };
}

function assertOptions({
  rungs,
  segmentDurationSec,
}: Pick<TranscodeOptions, 'rungs' | 'segmentDurationSec'>): void {
  if (!Number.isFinite(segmentDurationSec) || segmentDurationSec < 1 || segmentDurationSec > 30) {
    throw new TypeError(`segmentDurationSec must be 1–30 s, got ${segmentDurationSec}`);
  }
  if (rungs.length === 0 || !rungs.every((rung) => Number.isInteger(rung) && rung >= 2)) {
    throw new TypeError(`rungs must be whole heights ≥ 2, got ${JSON.stringify(rungs)}`);
  }
}

function planRungs(
  { width, height, bitRateBps }: NonNullable<LadderSource['video']>,
  rungs: readonly number[],
  frameRate: number,
): RungPlan[] {
  const sourceShort = Math.min(width, height);
  const sourceLong = Math.max(width, height);
  const fitting = [...new Set(rungs.map(even))]
    .filter((rung) => rung <= sourceShort)
    .sort((a, b) => b - a);
  const sizes =
    fitting.length > 0
      ? fitting.map((short) => ({
          short,
          long: Math.max(2, even(Math.round((sourceLong * short) / sourceShort / 2) * 2)),
        }))
      : // Smaller than every rung: its own size, an odd last row or column dropped.
        [{ short: Math.max(2, even(sourceShort)), long: Math.max(2, even(sourceLong)) }];
  const portrait = height > width;
  return sizes.map(({ short, long }) => {
    const rungWidth = portrait ? short : long;
    const rungHeight = portrait ? long : short;
    const bitrateKbps = rungBitrateKbps({
      width: rungWidth,
      height: rungHeight,
      frameRate,
      ...(bitRateBps === undefined ? {} : { sourceBitRateBps: bitRateBps }),
    });
    const maxrateKbps = Math.round(bitrateKbps * 1.5);
    const { level, codecs } = h264Level({
      width: rungWidth,
      height: rungHeight,
      frameRate,
      maxrateKbps,
    });
    return {
      name: `${short}p`,
      width: rungWidth,
      height: rungHeight,
      bitrateKbps,
      maxrateKbps,
      bufsizeKbps: bitrateKbps * 2,
      profile: 'high',
      level,
      codecs,
    };
  });
}

function planAudio({ channels, sampleRateHz }: NonNullable<LadderSource['audio']>): AudioPlan {
  const mono = channels === 1;
  return {
    codecs: 'mp4a.40.2',
    channels: mono ? 1 : 2,
    sampleRateHz: sampleRateHz === 44_100 ? 44_100 : 48_000,
    bitrateKbps: mono ? MONO_AAC_KBPS : STEREO_AAC_KBPS,
  };
}

function even(value: number): number {
  return 2 * Math.floor(value / 2);
}
