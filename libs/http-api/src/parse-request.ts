import { InvalidRequestError, UnsupportedContentTypeError } from '@reel/error-taxonomy';
import type * as z from 'zod';
import type { HttpRouteRequest } from './http-route';

/** The raw parts of a request a route's schemas read. */
export interface RawRequest {
  params: Record<string, string | undefined>;
  query: Record<string, string | undefined>;
  headers: Record<string, string | undefined>;
  body: string | undefined;
  isBase64Encoded: boolean;
}

/**
 * Validates path, query and body against a route's schemas. Every problem of every part is listed
 * in one InvalidRequestError (400) naming the field (`query.start_time_ms: …`); a body sent with
 * another content type than JSON is UnsupportedContentTypeError (415), unparsable JSON a 400.
 *
 * @example
 * const { params, query } = parseRequest(route.request, raw);
 */
export function parseRequest(
  schemas: HttpRouteRequest,
  raw: RawRequest,
): { params: unknown; query: unknown; body: unknown } {
  const problems: string[] = [];
  const check = (part: string, schema: z.ZodType | undefined, value: unknown) => {
    if (schema === undefined) return {};
    const result = schema.safeParse(value);
    if (result.success) return result.data;
    for (const issue of result.error.issues) {
      const field = [part, ...issue.path.map(String)].join('.');
      problems.push(`${field}: ${issue.message}`);
    }
    return undefined;
  };
  const params = check('path', schemas.params, withoutUndefined(raw.params));
  const query = check('query', schemas.query, withoutUndefined(raw.query));
  const body = schemas.body === undefined ? undefined : check('body', schemas.body, readJson(raw));
  if (problems.length > 0) {
    throw new InvalidRequestError(`Invalid request: ${problems.join('; ')}`, {
      details: { problems },
      advice: 'Fix the listed fields and send the request again.',
    });
  }
  return { params, query, body };
}

function withoutUndefined(values: Record<string, string | undefined>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(values).filter((entry): entry is [string, string] => entry[1] !== undefined),
  );
}

function readJson({ headers, body, isBase64Encoded }: RawRequest): unknown {
  if (body === undefined || body === '') return undefined;
  const contentType = headers['content-type']?.split(';')[0]?.trim().toLowerCase();
  if (contentType !== 'application/json') {
    throw new UnsupportedContentTypeError(
      `The body must be application/json, got ${contentType ?? 'no content type'}`,
    );
  }
  const text = isBase64Encoded ? Buffer.from(body, 'base64').toString('utf8') : body;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new InvalidRequestError('The body is not valid JSON', {
      advice: 'Send a JSON document with Content-Type: application/json.',
    });
  }
}
