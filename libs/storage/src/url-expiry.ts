import { InvalidRequestError } from '@reel/error-taxonomy';

/** 24 h: how long a clip URL stays valid unless the caller says otherwise. */
export const DEFAULT_URL_EXPIRY_SEC = 24 * 60 * 60;
/** SigV4 presigned URLs cannot outlive 7 days. */
export const MAX_URL_EXPIRY_SEC = 7 * 24 * 60 * 60;

/**
 * The expiry of a media URL in whole seconds, 1 s to 7 days; both backends check it so a mistake
 * shows up locally, not first on AWS.
 *
 * @example
 * resolveUrlExpiry(undefined); // → 86400
 */
export function resolveUrlExpiry(expiresInSec: number | undefined): number {
  if (expiresInSec === undefined) return DEFAULT_URL_EXPIRY_SEC;
  if (!Number.isInteger(expiresInSec) || expiresInSec < 1 || expiresInSec > MAX_URL_EXPIRY_SEC) {
    throw new InvalidRequestError(
      `expiresInSec ${String(expiresInSec)} must be a whole number of seconds from 1 to ${MAX_URL_EXPIRY_SEC}`,
      { details: { expiresInSec: String(expiresInSec) } },
    );
  }
  return expiresInSec;
}
