import * as z from 'zod';

/**
 * Loudness targets people ask for by name: `podcast` −16 LUFS (Apple/Spotify), `broadcast`
 * −23 LUFS (EBU R128). A number is a target in LUFS.
 */
export const LOUDNESS_TARGETS_LUFS = Object.freeze({ podcast: -16, broadcast: -23 });

/** Rendition heights, tallest first, no repeats (the ladder a source is fitted to). */
export const ladderRungsSchema = z
  .array(z.number().int().min(144).max(4320))
  .min(1)
  .max(8)
  .refine(
    (rungs) => rungs.every((height, index) => index === 0 || height < (rungs[index - 1] ?? 0)),
    'rungs must be distinct heights, tallest first',
  );

/**
 * How the transcoder packages a job: the resolved options the manifest records. Every field has
 * a default, so `transcodeOptionsSchema.parse({})` is the platform's choice. Per-tenant defaults
 * (tenant settings' `ladder`) and a job's own options are merged over it, each field replacing.
 *
 * @example
 * transcodeOptionsSchema.parse({ rungs: [720, 360], loudnessTarget: 'podcast' });
 */
export const transcodeOptionsSchema = z.strictObject({
  /** Rendition heights wanted, tallest first; the source is never upscaled (see the ladder lib). */
  rungs: ladderRungsSchema.default([1080, 720, 480]),
  /** CMAF segment length: every rung's keyframes are forced on this grid. */
  segmentDurationSec: z.number().min(1).max(30).default(4),
  /** One thumbnail (and storyboard tile) every this many seconds. */
  thumbnailIntervalSec: z.number().min(1).max(600).default(10),
  /** Normalise the sound to this integrated loudness in the same encode; absent: measured only. */
  loudnessTarget: z
    .union([z.enum(['podcast', 'broadcast']), z.number().min(-40).max(-5)])
    .optional(),
  /** Inputs longer than this are encoded in chunks on the segment grid (a Map of chunk Tasks). */
  chunkThresholdSec: z.number().min(30).max(86_400).default(600),
  /** Target length of one chunk (rounded to whole segments) when the input is chunked. */
  chunkDurationSec: z.number().min(10).max(3600).default(120),
  /** Encode and publish the lowest rung first, so the stream is playable before the ladder is done. */
  lowestRungFirst: z.boolean().default(true),
  /** x264 preset of every rung. */
  x264Preset: z
    .enum(['ultrafast', 'superfast', 'veryfast', 'faster', 'fast', 'medium'])
    .default('veryfast'),
  /** Earlier transcode versions stay this long after a newer one is published, then are removed. */
  retentionHours: z
    .number()
    .min(0)
    .max(24 * 365)
    .default(168),
});

/** The resolved transcode options (every default applied). */
export type TranscodeOptions = z.output<typeof transcodeOptionsSchema>;
/** What a caller may send: any subset. */
export type TranscodeOptionsInput = z.input<typeof transcodeOptionsSchema>;

/** The loudness target in LUFS of resolved options, or `undefined` when only measured. */
export function loudnessTargetLufs(
  options: Pick<TranscodeOptions, 'loudnessTarget'>,
): number | undefined {
  const target = options.loudnessTarget;
  return typeof target === 'string' ? LOUDNESS_TARGETS_LUFS[target] : target;
}
