import * as z from 'zod';

const ffmpegNames = z.array(z.string().regex(/^[a-z0-9_]+$/, 'ffmpeg names are [a-z0-9_]+')).min(1);

/**
 * Overrides of the platform's input guardrails, as a tenant's settings (state layer) store them
 * and ffmpeg-runtime (media layer) applies them with `tightenGuardrails`. Every field is optional;
 * unknown keys are refused so a typo never silently keeps a default. Lists name ffmpeg demuxers
 * and codecs.
 *
 * @example
 * guardrailOverridesSchema.parse({ maxDurationSec: 1800, allowedContainers: ['mov', 'mp4'] });
 */
export const guardrailOverridesSchema = z.strictObject({
  /** File size. */
  maxBytes: z.number().int().positive().optional(),
  /** Container duration. */
  maxDurationSec: z.number().positive().optional(),
  /** width × height of the largest video stream. */
  maxPixels: z.number().int().positive().optional(),
  /** Streams of any kind. */
  maxStreams: z.number().int().positive().optional(),
  /** Demuxer names (ffprobe `format_name` parts). */
  allowedContainers: ffmpegNames.optional(),
  /** `codec_name` of video streams. */
  allowedVideoCodecs: ffmpegNames.optional(),
  /** `codec_name` of audio streams. */
  allowedAudioCodecs: ffmpegNames.optional(),
  /** `codec_name` of subtitle streams. */
  allowedSubtitleCodecs: ffmpegNames.optional(),
});

export type GuardrailOverridesDocument = z.output<typeof guardrailOverridesSchema>;
