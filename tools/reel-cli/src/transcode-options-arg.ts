import { transcodeOptionsSchema, type TranscodeOptionsInput } from '@reel/media-types';
import { readOptionsArgDocument } from './render-options-arg';
import { UsageError } from './usage-error';

/**
 * A transcode-options argument (`--transcode-options` of `reel run` and `reel render`): JSON text,
 * or `@FILE`, read like a render-options argument. It is a partial document (the fields this job
 * changes), checked on its own with `transcodeOptionsSchema`, so an unknown key or an
 * out-of-range value (a segment duration of 0 or 3600) is a usage error before anything runs. It
 * is returned as given, not with the defaults filled in: the transcoder lays it over the tenant's
 * ladder defaults and the platform's (`options.transcode` of the workflow) and checks the whole.
 *
 * @example
 * await parseTranscodeOptionsArg('--transcode-options', '{"rungs":[240],"segmentDurationSec":2}');
 * // → { rungs: [240], segmentDurationSec: 2 }
 */
export async function parseTranscodeOptionsArg(
  flag: string,
  value: string,
): Promise<TranscodeOptionsInput> {
  const document = await readOptionsArgDocument(flag, value, 'transcode-options');
  const parsed = transcodeOptionsSchema.safeParse(document);
  if (!parsed.success) {
    const problems = parsed.error.issues.map(
      ({ path, message }) => `${path.length > 0 ? path.join('.') : '(options)'}: ${message}`,
    );
    throw new UsageError(`${flag}: invalid transcode options: ${problems.join('; ')}`, {
      advice:
        'Keys: rungs, segmentDurationSec (1–30), thumbnailIntervalSec, loudnessTarget, chunkThresholdSec, chunkDurationSec, lowestRungFirst, x264Preset, retentionHours; every default and range: libs/media-types/src/transcode-options.ts (table in apps/media-transcoder/README.md).',
    });
  }
  return document as TranscodeOptionsInput;
}
