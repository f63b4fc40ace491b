import { ConfigInvalidError } from '@reel/error-taxonomy';
import { guardrailOverridesSchema } from '@reel/media-types';
import * as z from 'zod';
import { DEFAULT_INPUT_FORMATS } from './input-guard';

/** Limits an input must respect before any work starts. */
export interface Guardrails {
  /** File size. */
  maxBytes: number;
  /** Container duration. */
  maxDurationSec: number;
  /** width × height of the largest video stream. */
  maxPixels: number;
  /** Streams of any kind. */
  maxStreams: number;
  /** Demuxer names (ffprobe `format_name` parts); also the runner's `-format_whitelist`. */
  allowedContainers: readonly string[];
  /** `codec_name` of video streams (cover art is a video stream: keep `mjpeg` and `png`). */
  allowedVideoCodecs: readonly string[];
  /** `codec_name` of audio streams. */
  allowedAudioCodecs: readonly string[];
  /** `codec_name` of subtitle streams. Data and attachment streams are never decoded: not checked. */
  allowedSubtitleCodecs: readonly string[];
}

/** A tenant's changes to the defaults; lists replace the default list, they do not extend it. */
export type GuardrailOverrides = Partial<Guardrails>;

const GIB = 1024 ** 3;

/** Defaults sized for Lambda (10 GB ephemeral storage, 15 min): 5 GiB, 4 h, 8K, 16 streams. */
export const DEFAULT_GUARDRAILS: Readonly<Guardrails> = Object.freeze({
  maxBytes: 5 * GIB,
  maxDurationSec: 4 * 60 * 60,
  maxPixels: 7680 * 4320,
  maxStreams: 16,
  allowedContainers: DEFAULT_INPUT_FORMATS,
  allowedVideoCodecs: [
    'h264',
    'hevc',
    'vp8',
    'vp9',
    'av1',
    'mpeg4',
    'mpeg2video',
    'prores',
    'mjpeg',
    'png',
  ],
  allowedAudioCodecs: [
    'aac',
    'mp3',
    'opus',
    'vorbis',
    'flac',
    'alac',
    'ac3',
    'eac3',
    'pcm_s16le',
    'pcm_s16be',
    'pcm_s24le',
    'pcm_s24be',
    'pcm_s32le',
    'pcm_f32le',
    'pcm_u8',
  ],
  allowedSubtitleCodecs: ['mov_text', 'subrip', 'webvtt', 'ass', 'ssa'],
});

/**
 * Merges a tenant's partial overrides over `base` (default {@link DEFAULT_GUARDRAILS}) after
 * validating them; unknown keys are refused so a typo never silently keeps a default. Throws
 * ConfigInvalidError (cause: the zod error) when the overrides are malformed.
 *
 * @example
 * const guardrails = resolveGuardrails({ maxBytes: 500 * 1024 ** 2, maxDurationSec: 1800 });
 */
export function resolveGuardrails(
  overrides: GuardrailOverrides = {},
  base: Readonly<Guardrails> = DEFAULT_GUARDRAILS,
): Guardrails {
  // Interpreted: parsed once per environment, where compiling the schema costs more than it saves.
  const parsed = guardrailOverridesSchema.safeParse(overrides, { jitless: true });
  if (!parsed.success) {
    throw new ConfigInvalidError(
      `Guardrail overrides are invalid: ${z.prettifyError(parsed.error)}`,
      {
        cause: parsed.error,
        details: {
          issues: parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`),
        },
      },
    );
  }
  const defined = Object.entries(parsed.data).filter(([, value]) => value !== undefined);
  return { ...base, ...Object.fromEntries(defined) };
}

/**
 * A tenant's (or a job's) overrides applied to the platform guardrails so they can only get
 * stricter: each limit is the smaller of the two, each allow-list the intersection. Whoever can
 * start a job must not be able to raise a size limit or re-enable a demuxer the platform refused
 * (an HLS playlist can read any local file). Malformed overrides are a ConfigInvalidError.
 *
 * @example
 * tightenGuardrails(platform, { maxDurationSec: 600, allowedContainers: ['mov', 'mp4', 'hls'] });
 * // → maxDurationSec ≤ 600; allowedContainers ⊆ platform's (hls stays out)
 */
export function tightenGuardrails(
  base: Readonly<Guardrails>,
  overrides: GuardrailOverrides = {},
): Guardrails {
  const requested = resolveGuardrails(overrides, base);
  const intersect = (allowed: readonly string[], wanted: readonly string[]) =>
    allowed.filter((name) => wanted.includes(name));
  return {
    ...base,
    maxBytes: Math.min(base.maxBytes, requested.maxBytes),
    maxDurationSec: Math.min(base.maxDurationSec, requested.maxDurationSec),
    maxPixels: Math.min(base.maxPixels, requested.maxPixels),
    maxStreams: Math.min(base.maxStreams, requested.maxStreams),
    allowedContainers: intersect(base.allowedContainers, requested.allowedContainers),
    allowedVideoCodecs: intersect(base.allowedVideoCodecs, requested.allowedVideoCodecs),
    allowedAudioCodecs: intersect(base.allowedAudioCodecs, requested.allowedAudioCodecs),
    allowedSubtitleCodecs: intersect(base.allowedSubtitleCodecs, requested.allowedSubtitleCodecs),
  };
}
