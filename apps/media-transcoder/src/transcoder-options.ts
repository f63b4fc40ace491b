import {
  parseOptionsDocument,
  transcodeOptionsSchema,
  type TranscodeOptions,
  type TranscodeOptionsInput,
} from '@reel/media-types';
import * as z from 'zod';

/**
 * The step's key of the workflow's `options`: `transcode`, a partial transcode-options document
 * laid over the platform's and the tenant's ladder defaults and checked as a whole by
 * {@link resolveTranscodeOptions}. Other steps' keys are dropped.
 */
export const mediaTranscoderOptionsSchema = z.object({
  transcode: z.record(z.string(), z.unknown()).optional(),
});

export type MediaTranscoderOptions = z.output<typeof mediaTranscoderOptionsSchema>;

/**
 * The job's transcode options over the tenant's ladder defaults over the platform's, each field
 * replacing the one below it, parsed with `transcodeOptionsSchema`: every default filled in, or an
 * InvalidRequestError naming each bad field (before anything is read or encoded).
 *
 * @example
 * resolveTranscodeOptions({ tenantDefaults: { rungs: [720, 480] }, jobOptions: { segmentDurationSec: 2 } });
 * // → { rungs: [720, 480], segmentDurationSec: 2, thumbnailIntervalSec: 10, … }
 */
export function resolveTranscodeOptions({
  platformDefaults,
  tenantDefaults,
  jobOptions,
}: {
  platformDefaults?: TranscodeOptionsInput | undefined;
  tenantDefaults: TranscodeOptionsInput | undefined;
  jobOptions: Record<string, unknown> | undefined;
}): TranscodeOptions {
  const merged = { ...platformDefaults, ...tenantDefaults, ...jobOptions };
  return parseOptionsDocument(transcodeOptionsSchema, merged, {
    kind: 'transcode',
    advice:
      "Fix the transcode options (the job's `transcode` options over the tenant's ladder defaults); every field and its range is in the TranscodeOptions schema (@reel/media-types).",
  });
}
