import { createHmac, timingSafeEqual } from 'node:crypto';
import { PermissionDeniedError } from '@reel/error-taxonomy';

/** What a stream token grants: one playlist of one video of one tenant, until an instant. */
export interface StreamGrant {
  tenantId: string;
  videoId: string;
  /** The playlist's path under the stream's folder, e.g. `360p/index.m3u8`. */
  playlist: string;
  /** Epoch seconds; the token is refused from then on. */
  expiresAtSec: number;
}

const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;
const EXPIRES_PATTERN = /^[1-9]\d{0,11}$/;

/**
 * The HMAC-SHA256 (base64url) of a grant. Its own versioned prefix keeps it apart from the
 * signed object URLs made with the same secret: no object URL's signature is ever a valid token.
 *
 * @example
 * const token = signStreamToken({ tenantId, videoId, playlist: '360p/index.m3u8', expiresAtSec, secret });
 */
export function signStreamToken({ secret, ...grant }: StreamGrant & { secret: string }): string {
  const signed = [
    'reel-stream-v1',
    grant.tenantId,
    grant.videoId,
    grant.playlist,
    grant.expiresAtSec,
  ].join('\n');
  return createHmac('sha256', secret).update(signed).digest('base64url');
}

/**
 * The query of a signed stream link: `tenant=…&expires=…&token=…` (what {@link verifyStreamToken}
 * checks).
 *
 * @example
 * const path = `/videos/${videoId}/stream/master.m3u8?${streamLinkQuery({ …grant, secret })}`;
 */
export function streamLinkQuery(grant: StreamGrant & { secret: string }): string {
  return new URLSearchParams({
    tenant: grant.tenantId,
    expires: String(grant.expiresAtSec),
    token: signStreamToken(grant),
  }).toString();
}

/**
 * Checks the `expires` and `token` of a signed stream request: the signature first (constant
 * time), then the expiry, so only a genuine token is ever told it expired. PermissionDeniedError
 * (403) with `details.reason` `malformed`, `bad-signature` or `expired`.
 *
 * @example
 * verifyStreamToken({ tenantId, videoId, playlist, expires: query.expires, token: query.token, secret });
 */
export function verifyStreamToken({
  tenantId,
  videoId,
  playlist,
  expires,
  token,
  secret,
  nowMs = Date.now(),
}: Omit<StreamGrant, 'expiresAtSec'> & {
  expires: string;
  token: string;
  secret: string;
  nowMs?: number;
}): void {
  if (!EXPIRES_PATTERN.test(expires) || !TOKEN_PATTERN.test(token)) {
    throw denied('malformed', 'The playlist link is malformed');
  }
  const expiresAtSec = Number(expires);
  const wanted = Buffer.from(
    signStreamToken({ tenantId, videoId, playlist, expiresAtSec, secret }),
  );
  const given = Buffer.from(token);
  if (given.length !== wanted.length || !timingSafeEqual(given, wanted)) {
    throw denied('bad-signature', `The playlist link's token does not match ${playlist}`);
  }
  if (nowMs >= expiresAtSec * 1000) {
    throw denied(
      'expired',
      `The playlist link expired at ${new Date(expiresAtSec * 1000).toISOString()}`,
    );
  }
}

function denied(reason: string, message: string): PermissionDeniedError {
  return new PermissionDeniedError(message, {
    details: { reason },
    advice:
      'Fetch the master playlist (or MPD) again with your API key: it hands out fresh links, valid 1 h.',
  });
}
