import { InvalidRequestError } from '@reel/error-taxonomy';
import type { UploadUrl } from './media-storage';
import { resolveUrlExpiry } from './url-expiry';

/** 1 h: how long a client has to start an upload unless the caller says otherwise. */
export const DEFAULT_UPLOAD_URL_EXPIRY_SEC = 60 * 60;
/** S3's limit for one PutObject; larger files need a multipart upload. */
export const MAX_UPLOAD_URL_BYTES = 5 * 1024 ** 3;

/**
 * The checked facts of an upload URL: a whole `contentLength` from 0 to {@link MAX_UPLOAD_URL_BYTES}
 * and an expiry of 1 s to 7 days (default 1 h). Both backends call it so a mistake shows up locally.
 *
 * @example
 * const { expiresInSec, expiresAt } = resolveUploadUrl({ contentLength: 1024, expiresInSec: undefined });
 */
export function resolveUploadUrl({
  contentLength,
  expiresInSec,
  nowMs = Date.now(),
}: {
  contentLength: number;
  expiresInSec: number | undefined;
  nowMs?: number;
}): { expiresInSec: number; expiresAt: Date } {
  if (
    !Number.isSafeInteger(contentLength) ||
    contentLength < 0 ||
    contentLength > MAX_UPLOAD_URL_BYTES
  ) {
    throw new InvalidRequestError(
      `contentLength ${String(contentLength)} must be a whole number of bytes from 0 to ${MAX_UPLOAD_URL_BYTES}`,
      {
        details: { contentLength: String(contentLength) },
        advice: 'Upload files over 5 GiB with a multipart upload.',
      },
    );
  }
  const seconds = resolveUrlExpiry(expiresInSec ?? DEFAULT_UPLOAD_URL_EXPIRY_SEC);
  // Whole seconds, as both signatures carry them.
  const expiresAtMs = (Math.floor(nowMs / 1000) + seconds) * 1000;
  return { expiresInSec: seconds, expiresAt: new Date(expiresAtMs) };
}

/** The headers a client must send with the PUT: the length the signature covers. */
export function uploadHeaders(contentLength: number): UploadUrl['headers'] {
  return { 'content-length': String(contentLength) };
}
