import { z } from 'zod';

const nonNegative = z.number().nonnegative();
const positiveInt = z.number().int().positive();

/** The kinds of stream ffprobe reports (`codec_type`). */
export const streamTypes = ['video', 'audio', 'subtitle', 'data', 'attachment'] as const;

/** One stream of a probed input; the same shape `@reel/ffmpeg-runtime` returns from its probe. */
export const probeStreamSchema = z.object({
  index: z.number().int().nonnegative(),
  type: z.enum(streamTypes),
  codecName: z.string(),
  width: positiveInt.optional(),
  height: positiveInt.optional(),
  sampleRateHz: positiveInt.optional(),
  channels: positiveInt.optional(),
  frameRate: nonNegative.optional(),
  durationSec: nonNegative.optional(),
  bitRate: nonNegative.optional(),
});

/**
 * What a job keeps of its input's ffprobe output: container, duration, size and the streams.
 *
 * @example
 * probeSummarySchema.parse({ formatName: 'mov,mp4,m4a,3gp,3g2,mj2', durationSec: 12.5,
 *   sizeBytes: 1_048_576, streams: [{ index: 0, type: 'video', codecName: 'h264' }] });
 */
export const probeSummarySchema = z
  .object({
    formatName: z.string(),
    durationSec: nonNegative,
    sizeBytes: z.number().int().nonnegative(),
    bitRate: nonNegative.optional(),
    streams: z.array(probeStreamSchema),
  })
  .meta({ title: 'ProbeSummary' });

/** A probed input, as stored on the job. */
export type ProbeSummary = z.infer<typeof probeSummarySchema>;
/** One stream of a {@link ProbeSummary}. */
export type ProbeStream = z.infer<typeof probeStreamSchema>;
