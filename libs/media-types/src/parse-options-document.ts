import { InvalidRequestError } from '@reel/error-taxonomy';
import type * as z from 'zod';

/**
 * Parses a merged options document (platform ← tenant ← job) with its schema, or throws one
 * {@link InvalidRequestError} naming every bad field — the one way the render and the transcoder
 * refuse their options, so both read alike.
 *
 * @example
 * parseOptionsDocument(transcodeOptionsSchema, merged, { kind: 'transcode', advice: '…' });
 * // throws 'Invalid transcode options: segmentDurationSec: Too small: …'
 */
export function parseOptionsDocument<Schema extends z.ZodType>(
  schema: Schema,
  document: unknown,
  { kind, advice }: { kind: string; advice: string },
): z.output<Schema> {
  const parsed = schema.safeParse(document);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map(
    ({ path, message }) => `${path.length > 0 ? path.join('.') : '(options)'}: ${message}`,
  );
  throw new InvalidRequestError(`Invalid ${kind} options: ${problems.join('; ')}`, {
    details: { problems },
    advice,
  });
}
