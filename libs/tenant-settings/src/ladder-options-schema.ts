import {
  transcodeOptionsSchema,
  type TranscodeOptions,
  type TranscodeOptionsInput,
} from '@reel/media-types';
import * as z from 'zod';
import { strictPartialWithoutDefaults, withoutDefault } from './strict-partial-without-defaults';

/** A partial transcode-options document: only the fields someone chose, no defaults filled in. */
export type LadderOptions = TranscodeOptionsInput;

/**
 * A partial transcode-options document (`transcodeOptionsSchema` of @reel/media-types): every
 * field optional, the same ranges, unknown keys refused, and NO defaults filled in — so the
 * platform's ladder (the SSM parameter), a tenant's defaults and a job's options merge field by
 * field, and `transcodeOptionsSchema` fills what none of them chose.
 *
 * @example
 * ladderOptionsSchema.parse({ rungs: [720, 480] }); // → { rungs: [720, 480] } (no segment length added)
 */
const partialTranscodeOptions = strictPartialWithoutDefaults(transcodeOptionsSchema);
export const ladderOptionsSchema = partialTranscodeOptions as unknown as z.ZodType<
  LadderOptions,
  LadderOptions
>;

/** A tenant's ladder defaults: a {@link LadderOptions} that always holds rungs and segment length. */
export type LadderDefaults = LadderOptions & Pick<TranscodeOptions, 'rungs' | 'segmentDurationSec'>;

/**
 * A tenant's ladder defaults: {@link ladderOptionsSchema} with `rungs` and `segmentDurationSec`
 * required, as every stored document (schema version 2) holds them; the other transcode options
 * (thumbnail interval, loudness target, chunking, preset, retention) are optional, so documents
 * stored before they existed stay valid unchanged.
 *
 * @example
 * ladderDefaultsSchema.parse({ rungs: [720], segmentDurationSec: 4, loudnessTarget: 'podcast' });
 */
export const ladderDefaultsSchema = partialTranscodeOptions.extend({
  rungs: withoutDefault(transcodeOptionsSchema.shape.rungs),
  segmentDurationSec: withoutDefault(transcodeOptionsSchema.shape.segmentDurationSec),
}) as unknown as z.ZodType<LadderDefaults, LadderDefaults>;

/** The fields a ladder document may set, in `transcodeOptionsSchema`'s order. */
export const ladderOptionFields = Object.freeze(
  Object.keys(transcodeOptionsSchema.shape),
) as readonly (keyof TranscodeOptions)[];
