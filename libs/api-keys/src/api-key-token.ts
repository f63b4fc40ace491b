import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Random bytes behind a key's secret part, one base32 character each (5 bits): 52 characters,
 * 260 bits, so a fast hash is enough (see README).
 */
export const API_KEY_SECRET_BYTES = 52;
/** A key id: 12 characters of base32 (`a-z`, `2-7`), 60 random bits; listed and revoked by it. */
export const API_KEY_ID_PATTERN = /^[a-z2-7]{12}$/;

const BASE32_ALPHABET = 'abcdefghijklmnopqrstuvwxyz234567';
const KEY_ID_LENGTH = 12;
// reel_{env}_{keyId}_{secret}: env never holds `_`; key id and secret are base32 (no `_` or `-`,
// so a double click in a terminal selects the whole key), 12 and 52 characters.
const TOKEN_PATTERN = /^reel_([a-z][a-z0-9-]{0,15})_([a-z2-7]{12})_([a-z2-7]{52})$/;
/** Longer input is not a key; it is cut before hashing so a huge header costs no more than a key. */
const MAX_TOKEN_LENGTH = 128;

/** A new key's token (the secret shown once) and its id. */
export interface GeneratedApiKeyToken {
  keyId: string;
  /** `reel_{env}_{keyId}_{52 base32 characters}`: what a client sends as `Bearer`. */
  secret: string;
}

/**
 * A new random key for `env`: a key id of 12 base32 characters and a secret of 52 (260 bits from
 * `crypto.randomBytes`), behind a readable `reel_{env}_` prefix so a leaked key says what it is
 * (and secret scanners can match it).
 *
 * @example
 * const { keyId, secret } = generateApiKeyToken({ env: 'dev' }); // secret: 'reel_dev_k3…_…'
 */
export function generateApiKeyToken({ env }: { env: string }): GeneratedApiKeyToken {
  const keyId = randomBase32(KEY_ID_LENGTH);
  return { keyId, secret: `reel_${env}_${keyId}_${randomBase32(API_KEY_SECRET_BYTES)}` };
}

/** `length` base32 characters, one random byte each: 256 is a multiple of 32, so no bias. */
function randomBase32(length: number): string {
  return Array.from(randomBytes(length), (byte) => BASE32_ALPHABET[byte % 32]).join('');
}

/**
 * The env and key id a token names, or `undefined` when it is not shaped like a reel key. Takes the
 * token or a whole `Authorization` header value (`Bearer …`).
 */
export function parseApiKeyToken(
  bearerToken: unknown,
): { env: string; keyId: string; token: string } | undefined {
  const token = tokenOf(bearerToken);
  const match = TOKEN_PATTERN.exec(token);
  if (match === null) return undefined;
  return { env: match[1] as string, keyId: match[2] as string, token };
}

/** The token without a `Bearer ` prefix, cut to the longest a key can be; '' for a non-string. */
export function tokenOf(bearerToken: unknown): string {
  if (typeof bearerToken !== 'string') return '';
  return bearerToken
    .slice(0, MAX_TOKEN_LENGTH + 16)
    .replace(/^\s*bearer\s+/i, '')
    .trim()
    .slice(0, MAX_TOKEN_LENGTH);
}

/** The SHA-256 of a token, hex: the only form of a secret that is ever stored. */
export function hashApiKeySecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

/**
 * Compares two SHA-256 hex digests in constant time. Both are always 64 hex characters here (a
 * stored hash, or a dummy one when nothing is stored), so `timingSafeEqual` never sees two lengths.
 */
export function hashesMatch(presentedSha256: string, storedSha256: string): boolean {
  const presented = Buffer.from(presentedSha256, 'hex');
  const stored = Buffer.from(storedSha256, 'hex');
  return presented.length === stored.length && timingSafeEqual(presented, stored);
}
