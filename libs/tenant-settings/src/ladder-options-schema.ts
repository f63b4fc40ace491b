import {
  transcodeOptionsSchema,
  type TranscodeOptions,
  type TranscodeOptionsInput,
} from '@reel/media-types';
import * as z from 'zod';
import { strictPartialWithoutDefaults } from './strict-partial-without-defaults';

/** A partial transcode-options document: only the fields someone chose, no defaults filled in. */
export type LadderOptions = TranscodeOptionsInput;

/**
 * A partial transcode-options document (`transcodeOptionsSchema` of @reel/media-types): every
 * field optional, the same ranges, unknown keys refused, and NO defaults filled in — so the
 * platform's ladder (the SSM parameter), a tenant's defaults and a job's options merge field by
 * field, and `transcodeOptionsSchema` fills what none of them chose. It is both the platform
 * ladder's shape and a tenant's `ladder`: a tenant that chose nothing stores `{}`, so the
 * platform's rungs and segment length reach it.
 *
 * @example
 * ladderOptionsSchema.parse({ rungs: [720, 480] }); // → { rungs: [720, 480] } (no segment length added)
 */
export const ladderOptionsSchema = strictPartialWithoutDefaults(
  transcodeOptionsSchema,
) as unknown as z.ZodType<LadderOptions, LadderOptions>;

/** The fields a ladder document may set, in `transcodeOptionsSchema`'s order. */
export const ladderOptionFields = Object.freeze(
  Object.keys(transcodeOptionsSchema.shape),
) as readonly (keyof TranscodeOptions)[];
