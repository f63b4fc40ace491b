import { createHmac, timingSafeEqual } from 'node:crypto';
import { InvalidRequestError, PermissionDeniedError } from '@reel/error-taxonomy';
import { keyLayoutOf } from './key-rules';
import { assertValidUrlSigningSecret } from './url-signing-secret';

/** The methods a local signed URL can grant; a GET URL also answers HEAD. */
export type LocalUrlMethod = 'GET' | 'PUT';

export interface SignLocalUrlOptions {
  /** Where the local object handler is mounted, e.g. `http://127.0.0.1:8080/media`. */
  baseUrl: string;
  key: string;
  method: LocalUrlMethod;
  /** When the URL stops working; signed in whole seconds (rounded down). */
  expiresAtMs: number;
  /** PUT only, required there: the exact `Content-Length` the upload must declare. */
  contentLength?: number;
  /** PUT only: the URL uploads this part of a local multipart upload instead of the object. */
  part?: LocalUrlPart;
  secret: string;
}

/** The part of a local multipart upload a PUT URL is for. */
export interface LocalUrlPart {
  uploadId: string;
  partNumber: number;
}

export interface VerifyLocalUrlOptions {
  /** The key the request names (the path after the handler's base path, never decoded). */
  key: string;
  /** The request's method; `HEAD` is checked as `GET`. */
  method: string;
  /** The request's query string, without `?`. */
  query: string;
  secret: string;
  /** Default `Date.now()`. */
  nowMs?: number;
}

/** What a verified URL grants. */
export interface VerifiedLocalUrl {
  method: LocalUrlMethod;
  expiresAtMs: number;
  /** PUT: the exact byte count the upload must have. */
  contentLength?: number;
  /** A part URL's upload id and part number. */
  part?: LocalUrlPart;
}

const SIGNATURE_PATTERN = /^[A-Za-z0-9_-]{43}$/;
const EXPIRES_PATTERN = /^[1-9]\d{0,11}$/;
const CONTENT_LENGTH_PATTERN = /^(0|[1-9]\d{0,15})$/;
const UPLOAD_ID_PATTERN = /^[0-9a-f]{32}$/;
const PART_NUMBER_PATTERN = /^[1-9]\d{0,4}$/;

/** Versioned so the string signed can change without old URLs meaning something new. */
function signatureOf({
  secret,
  method,
  key,
  expiresAtSec,
  contentLength,
  part,
}: {
  secret: string;
  method: LocalUrlMethod;
  key: string;
  expiresAtSec: number;
  contentLength: number | undefined;
  part: LocalUrlPart | undefined;
}): Buffer {
  // A part URL signs a string of its own version, so no object URL can ever pass for one.
  const fields =
    part === undefined
      ? ['reel-local-url-v1', method, key, expiresAtSec, contentLength ?? '']
      : [
          'reel-local-part-v1',
          method,
          key,
          expiresAtSec,
          contentLength ?? '',
          part.uploadId,
          part.partNumber,
        ];
  const signed = fields.join('\n');
  return createHmac('sha256', secret).update(signed).digest();
}

function denied(reason: string, message: string, key: string): PermissionDeniedError {
  return new PermissionDeniedError(message, {
    details: { reason, key },
    advice:
      'Ask the API for a fresh URL: signed media URLs are valid only as issued, for one method and until they expire.',
  });
}

/**
 * A URL for one local object that the local object handler serves without any other credential:
 * `{baseUrl}/{key}?expires={epochSec}[&contentLength={bytes}]&signature={HMAC-SHA256, base64url}`.
 * The HMAC covers the method, the key, the expiry and, for PUT, the exact content length, so
 * changing any of them (or using a GET URL to PUT) makes the handler answer 403.
 *
 * @example
 * const url = signLocalUrl({ baseUrl: 'http://127.0.0.1:8080/media', key, method: 'GET', expiresAtMs: Date.now() + 3_600_000, secret });
 */
export function signLocalUrl({
  baseUrl,
  key,
  method,
  expiresAtMs,
  contentLength,
  part,
  secret,
}: SignLocalUrlOptions): string {
  keyLayoutOf(key);
  assertValidUrlSigningSecret(secret);
  if (!Number.isFinite(expiresAtMs) || expiresAtMs < 1000) {
    throw new InvalidRequestError(`expiresAtMs ${String(expiresAtMs)} is not a time`);
  }
  if (method === 'PUT' && !CONTENT_LENGTH_PATTERN.test(String(contentLength))) {
    throw new InvalidRequestError(
      `A PUT URL needs contentLength as a whole number of bytes, got ${String(contentLength)}`,
    );
  }
  if (method === 'GET' && contentLength !== undefined) {
    throw new InvalidRequestError('A GET URL takes no contentLength');
  }
  if (
    part !== undefined &&
    (method !== 'PUT' ||
      !UPLOAD_ID_PATTERN.test(part.uploadId) ||
      !PART_NUMBER_PATTERN.test(String(part.partNumber)))
  ) {
    throw new InvalidRequestError('A part URL is a PUT with a local upload id and a part number');
  }
  const expiresAtSec = Math.floor(expiresAtMs / 1000);
  const signature = signatureOf({ secret, method, key, expiresAtSec, contentLength, part });
  const query = new URLSearchParams({ expires: String(expiresAtSec) });
  if (contentLength !== undefined) query.set('contentLength', String(contentLength));
  if (part !== undefined) {
    query.set('uploadId', part.uploadId);
    query.set('partNumber', String(part.partNumber));
  }
  query.set('signature', signature.toString('base64url'));
  return `${baseUrl.replace(/\/+$/, '')}/${key}?${query.toString()}`;
}

function grantedMethodOf(method: string, key: string): LocalUrlMethod {
  if (method === 'GET' || method === 'HEAD') return 'GET';
  if (method === 'PUT') return 'PUT';
  throw denied('method', `A signed URL grants GET, HEAD or PUT, not ${method.slice(0, 16)}`, key);
}

/** The one value of a query parameter; a repeated one is refused, so no two readers disagree. */
function single(query: URLSearchParams, name: string, key: string): string | undefined {
  const values = query.getAll(name);
  if (values.length > 1) throw denied('malformed', `The URL repeats "${name}"`, key);
  return values[0];
}

/**
 * Checks a request against its signed URL: the signature first (compared with `timingSafeEqual`),
 * then the expiry, so only a genuine URL is ever told it expired. Throws
 * {@link PermissionDeniedError} (HTTP 403) with `details.reason` `unsigned`, `malformed`,
 * `bad-signature` or `expired`, and {@link InvalidRequestError} for a key that is not a reel key.
 *
 * @example
 * const { contentLength } = verifyLocalUrl({ key, method: req.method, query, secret });
 */
export function verifyLocalUrl({
  key,
  method,
  query,
  secret,
  nowMs = Date.now(),
}: VerifyLocalUrlOptions): VerifiedLocalUrl {
  keyLayoutOf(key);
  const params = new URLSearchParams(query);
  const expires = single(params, 'expires', key);
  const signature = single(params, 'signature', key);
  const contentLength = single(params, 'contentLength', key);
  const uploadId = single(params, 'uploadId', key);
  const partNumber = single(params, 'partNumber', key);
  if (expires === undefined || signature === undefined) {
    throw denied('unsigned', `"${key}" needs a signed URL (expires and signature)`, key);
  }
  if (
    !EXPIRES_PATTERN.test(expires) ||
    !SIGNATURE_PATTERN.test(signature) ||
    (contentLength !== undefined && !CONTENT_LENGTH_PATTERN.test(contentLength)) ||
    (uploadId === undefined) !== (partNumber === undefined) ||
    (uploadId !== undefined && !UPLOAD_ID_PATTERN.test(uploadId)) ||
    (partNumber !== undefined && !PART_NUMBER_PATTERN.test(partNumber))
  ) {
    throw denied('malformed', `The signed URL of "${key}" is malformed`, key);
  }
  const grantedMethod = grantedMethodOf(method, key);
  const part =
    uploadId === undefined || partNumber === undefined
      ? undefined
      : { uploadId, partNumber: Number(partNumber) };
  if (part !== undefined && grantedMethod !== 'PUT') {
    throw denied('bad-signature', `A part URL is not signed for ${method} "${key}"`, key);
  }
  if ((grantedMethod === 'PUT') !== (contentLength !== undefined)) {
    throw denied('bad-signature', `The URL is not signed for ${method} "${key}"`, key);
  }
  const expected = signatureOf({
    secret,
    method: grantedMethod,
    key,
    expiresAtSec: Number(expires),
    contentLength: contentLength === undefined ? undefined : Number(contentLength),
    part,
  });
  // Compared as text: base64url's last character has spare bits, so decoding first would accept
  // a second spelling of the same signature.
  const given = Buffer.from(signature);
  const wanted = Buffer.from(expected.toString('base64url'));
  if (given.length !== wanted.length || !timingSafeEqual(given, wanted)) {
    throw denied('bad-signature', `The URL's signature does not match ${method} "${key}"`, key);
  }
  const expiresAtMs = Number(expires) * 1000;
  if (nowMs >= expiresAtMs) {
    throw denied(
      'expired',
      `The URL of "${key}" expired at ${new Date(expiresAtMs).toISOString()}`,
      key,
    );
  }
  return {
    method: grantedMethod,
    expiresAtMs,
    ...(contentLength === undefined ? {} : { contentLength: Number(contentLength) }),
    ...(part === undefined ? {} : { part }),
  };
}
