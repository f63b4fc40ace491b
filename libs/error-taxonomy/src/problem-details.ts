import { errorCatalog, type ErrorCode, type ErrorType } from './error-catalog';
import { MethodNotAllowedError, RateLimitedError } from './errors';
import { isReelError, type ReelError } from './reel-error';
import { hasForeignMessage } from './to-reel-error';

/** The media type of an RFC 9457 problem body. */
export const problemContentType = 'application/problem+json';

/**
 * An RFC 9457 problem body as reel's APIs answer it: the standard members plus the taxonomy's
 * `code`, `advice` and `retryable` (and `retryAfterSec` for a 429). No stack, no details, no cause.
 */
export interface ProblemDetails {
  /** A URI reference naming the problem type, e.g. `/problems/not-found`. */
  type: string;
  title: string;
  status: number;
  code: ErrorCode;
  /** The error's message, or a generic sentence when the message did not come from reel. */
  detail: string;
  advice: string;
  retryable: boolean;
  /** The occurrence, e.g. the request path or `urn:uuid:<request id>`; absent if not given. */
  instance?: string;
  /** Only on `RATE_LIMITED`: the seconds in the `Retry-After` header. */
  retryAfterSec?: number;
}

export interface ToProblemDetailsOptions {
  /** URI reference of this occurrence (RFC 9457 `instance`). */
  instance?: string;
  /**
   * Prefix of `type`; the kebab-case code is appended. Relative by default (`/problems/`) so the same
   * body is right locally and on AWS; pass an absolute URI when the API has a public home.
   */
  typeBaseUri?: string;
}

const defaultTypeBaseUri = '/problems/';
const unexpectedDetail = 'An unexpected error occurred.';

/**
 * Turns anything thrown into the body of an `application/problem+json` response. A reel error keeps
 * its message and advice; anything else — and every `Internal` error, whose message may quote an
 * exception — becomes `Internal` (500) with a generic sentence, so no stack, path or raw exception
 * text reaches a client. Log the original error yourself before answering.
 *
 * @example
 * const problem = toProblemDetails(error, { instance: event.rawPath });
 * logger.error('Request failed', { error }); // the original, for operators
 * return { statusCode: problem.status, body: JSON.stringify(problem) };
 */
export function toProblemDetails(
  error: unknown,
  { instance, typeBaseUri = defaultTypeBaseUri }: ToProblemDetailsOptions = {},
): ProblemDetails {
  const reelError = isReelError(error) && error.type in errorCatalog ? error : undefined;
  const type: ErrorType = reelError?.type ?? 'Internal';
  const definition = errorCatalog[type];
  const problem: ProblemDetails = {
    type: `${typeBaseUri}${definition.code.toLowerCase().replaceAll('_', '-')}`,
    title: definition.title,
    status: definition.httpStatus,
    code: definition.code,
    detail: showsOwnMessage(reelError) ? reelError.message : genericDetail(type),
    advice: reelError?.advice ?? definition.advice,
    retryable: reelError?.retryable ?? definition.retryable,
  };
  if (instance !== undefined) problem.instance = instance;
  const retryAfterSec = retryAfterOf(reelError);
  if (retryAfterSec !== undefined) problem.retryAfterSec = retryAfterSec;
  return problem;
}

/** Everything an HTTP answer to a failure needs; serialize `body` with `JSON.stringify`. */
export interface ProblemResponse {
  status: number;
  headers: Record<string, string>;
  body: ProblemDetails;
}

/**
 * {@link toProblemDetails} plus the headers the status needs: the problem content type,
 * `Retry-After` on 429, `WWW-Authenticate: Bearer` on 401 (RFC 9110 requires it) and `Allow` on a
 * 405 that names its allowed methods.
 *
 * @example
 * const { status, headers, body } = toProblemResponse(new RateLimitedError('Busy', { retryAfterSec: 2 }));
 * // 429, { 'content-type': 'application/problem+json', 'retry-after': '2' }
 */
export function toProblemResponse(
  error: unknown,
  options: ToProblemDetailsOptions = {},
): ProblemResponse {
  const body = toProblemDetails(error, options);
  const headers: Record<string, string> = { 'content-type': problemContentType };
  if (body.retryAfterSec !== undefined) headers['retry-after'] = String(body.retryAfterSec);
  if (body.status === 401) headers['www-authenticate'] = 'Bearer';
  const allowedMethods = body.status === 405 ? allowedMethodsOf(error) : [];
  if (allowedMethods.length > 0) headers['allow'] = allowedMethods.join(', ');
  return { status: body.status, headers, body };
}

function showsOwnMessage(error: ReelError | undefined): error is ReelError {
  return (
    error !== undefined &&
    error.type !== 'Internal' &&
    error.message.length > 0 &&
    !hasForeignMessage(error)
  );
}

function genericDetail(type: ErrorType): string {
  return type === 'Internal' ? unexpectedDetail : `${errorCatalog[type].title}.`;
}

function retryAfterOf(error: ReelError | undefined): number | undefined {
  if (error === undefined || error.type !== 'RateLimited') return undefined;
  if (error instanceof RateLimitedError) return error.retryAfterSec;
  // A RateLimitedError from another bundle copy of this lib: read the value it keeps in details.
  const fromDetails = error.details['retryAfterSec'];
  return typeof fromDetails === 'number' ? fromDetails : 1;
}

function allowedMethodsOf(error: unknown): string[] {
  if (error instanceof MethodNotAllowedError) return error.allowedMethods;
  const fromDetails = isReelError(error) ? error.details['allowedMethods'] : undefined;
  return Array.isArray(fromDetails) ? fromDetails : [];
}
