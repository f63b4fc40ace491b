import { InvalidRequestError } from '@reel/error-taxonomy';

/** An opaque page cursor: base64url of the JSON position the next page starts after. */
export function encodeCursor(position: Record<string, string>): string {
  return Buffer.from(JSON.stringify(position), 'utf8').toString('base64url');
}

/**
 * The position inside a cursor, checked to hold exactly the expected string fields. Anything else
 * (garbage, a cursor from another listing) is `InvalidRequestError`.
 */
export function decodeCursor<Field extends string>(
  cursor: string,
  fields: readonly Field[],
): Record<Field, string> {
  let position: unknown;
  try {
    position = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch (error) {
    throw invalidCursor(error);
  }
  const isPosition =
    typeof position === 'object' &&
    position !== null &&
    !Array.isArray(position) &&
    Object.keys(position).length === fields.length &&
    fields.every((field) => typeof (position as Record<string, unknown>)[field] === 'string');
  if (!isPosition) throw invalidCursor();
  return position as Record<Field, string>;
}

function invalidCursor(cause?: unknown): InvalidRequestError {
  return new InvalidRequestError('cursor is not a cursor from this listing', {
    cause,
    advice:
      'Pass back nextCursor exactly as a previous listJobs page returned it, with the same tenant and status.',
  });
}
