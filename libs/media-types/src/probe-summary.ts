import * as z from 'zod';

const nonNegative = z.number().nonnegative();
const positiveInt = z.number().int().positive();

/** The kinds of stream ffprobe reports (`codec_type`); anything else is reported as `data`. */
export const streamTypes = ['video', 'audio', 'subtitle', 'data', 'attachment'] as const;

/** One of {@link streamTypes}. */
export type ProbeStreamType = (typeof streamTypes)[number];

/**
 * One stream of a probed input. Fields ffprobe left out or could not know are absent.
 *
 * @example
 * probeStreamSchema.parse({ index: 0, type: 'audio', codecName: 'aac', sampleRateHz: 48_000, channels: 2 });
 */
export const probeStreamSchema = z.object({
  index: z.number().int().nonnegative(),
  type: z.enum(streamTypes),
  /** ffprobe's `codec_name` (`h264`, `aac`, `mov_text`), `unknown` when it has none. */
  codecName: z.string(),
  width: positiveInt.optional(),
  height: positiveInt.optional(),
  sampleRateHz: positiveInt.optional(),
  channels: positiveInt.optional(),
  /** Frames per second (`avg_frame_rate`, else `r_frame_rate`). */
  frameRate: nonNegative.optional(),
  durationSec: nonNegative.optional(),
  bitRate: nonNegative.optional(),
  /**
   * The rotation of the stream's display matrix as ffprobe reports it (degrees counter-clockwise),
   * normalised to 0, 90, 180 or 270; absent when there is none. ffmpeg applies it when it decodes,
   * so 90 and 270 swap the displayed width and height.
   */
  rotationDeg: z.union([z.literal(0), z.literal(90), z.literal(180), z.literal(270)]).optional(),
  /** ffprobe's `pix_fmt` of a video stream (`yuv420p`, `yuv422p10le`, …). */
  pixelFormat: z.string().optional(),
});

/**
 * What reel keeps of `ffprobe -show_format -show_streams`: the shape ffmpeg-runtime's probe returns
 * and the job manifest stores, defined once here so neither the media nor the state layer imports
 * the other for it.
 *
 * @example
 * probeSummarySchema.parse({ formatName: 'mov,mp4,m4a,3gp,3g2,mj2', durationSec: 12.5,
 *   sizeBytes: 1_048_576, streams: [{ index: 0, type: 'video', codecName: 'h264' }] });
 */
export const probeSummarySchema = z
  .object({
    /** ffprobe's `format_name`, e.g. `mov,mp4,m4a,3gp,3g2,mj2` (all names of the demuxer). */
    formatName: z.string(),
    /** The container's duration, else the longest stream's, else 0. */
    durationSec: nonNegative,
    sizeBytes: z.number().int().nonnegative(),
    bitRate: nonNegative.optional(),
    streams: z.array(probeStreamSchema),
  })
  .meta({ title: 'ProbeSummary' });

/** A probed input, as ffmpeg-runtime returns it and the manifest stores it. */
export type ProbeSummary = z.infer<typeof probeSummarySchema>;
/** One stream of a {@link ProbeSummary}. */
export type ProbeStream = z.infer<typeof probeStreamSchema>;
