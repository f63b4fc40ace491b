import { InvalidRequestError } from '@reel/error-taxonomy';
import {
  BRANDING_FOLDER,
  CLIPS_FOLDER,
  ENV_PATTERN,
  ID_PATTERN,
  NAME_SEGMENT_PATTERN,
  jobKeyKinds,
  type JobKeyKind,
} from './key-layout';

/** What a valid key is made of, as {@link parseObjectKey} reads it back. */
export type ParsedObjectKey =
  | {
      shape: 'job-object';
      env: string;
      tenantId: string;
      jobId: string;
      kind: JobKeyKind;
      name: string;
    }
  | { shape: 'manifest'; env: string; tenantId: string; jobId: string }
  | { shape: 'branding'; env: string; tenantId: string; name: string }
  | {
      shape: 'clip';
      env: string;
      tenantId: string;
      episodeId: string;
      startMs: number;
      endMs: number;
    };

const MAX_KEY_LENGTH = 1024;
const CLIP_NAME_PATTERN = /^(0|[1-9]\d{0,14})-([1-9]\d{0,14})\.mp3$/;
const kinds: readonly string[] = jobKeyKinds;

function invalidKey(key: unknown, reason: string): InvalidRequestError {
  const shown = typeof key === 'string' ? JSON.stringify(key.slice(0, 80)) : typeof key;
  return new InvalidRequestError(`key ${shown} is not a reel object key: ${reason}`, {
    details: { reason },
    advice:
      'Build keys with buildJobKey, buildManifestKey, buildClipKey or buildBrandingKey: {env}/{tenantId}/{jobId}/{kind}/{name}, {env}/{tenantId}/{jobId}/manifest.json, {env}/{tenantId}/audio_clips/{episodeId}/{startMs}-{endMs}.mp3 or {env}/{tenantId}/branding/{name}.',
  });
}

/** The checks every key and prefix gets before its shape is looked at. */
function assertSafeCharacters(value: unknown, what: 'key' | 'prefix'): asserts value is string {
  if (typeof value !== 'string') throw invalidKey(value, `a ${what} must be a string`);
  if (value.length > MAX_KEY_LENGTH)
    throw invalidKey(value, `longer than ${MAX_KEY_LENGTH} characters`);
  if (value.startsWith('/')) throw invalidKey(value, 'absolute (starts with "/")');
  if (value.includes('\\')) throw invalidKey(value, 'contains a backslash');
  // eslint-disable-next-line no-control-regex -- rejecting control characters is the point
  if (/[\u0000-\u001f\u007f]/.test(value)) throw invalidKey(value, 'contains a control character');
}

/**
 * Reads a key back into its parts, or throws {@link InvalidRequestError} when it is not exactly
 * what `buildJobKey`, `buildManifestKey` or `buildClipKey` make: so no absolute keys, `.`/`..` or
 * empty segments, backslashes, NUL, `%`-escapes, non-ASCII look-alikes or extra segments. Both
 * storage backends call it on every key before using it.
 *
 * @example
 * parseObjectKey('dev/acme/ep-42/renditions/cmaf/720p.m3u8')
 * // → { shape: 'job-object', env: 'dev', tenantId: 'acme', jobId: 'ep-42', kind: 'renditions/cmaf', name: '720p.m3u8' }
 */
export function parseObjectKey(key: unknown): ParsedObjectKey {
  assertSafeCharacters(key, 'key');
  const segments = key.split('/');
  if (segments.some((segment) => segment === '')) throw invalidKey(key, 'has an empty segment');
  if (segments.some((segment) => segment === '.' || segment === '..')) {
    throw invalidKey(key, 'has a "." or ".." segment');
  }
  const [env = '', tenantId = '', third = '', ...rest] = segments;
  if (!ENV_PATTERN.test(env))
    throw invalidKey(key, `env segment "${env.slice(0, 40)}" is not valid`);
  if (!ID_PATTERN.test(tenantId)) throw invalidKey(key, 'tenant id segment is not valid');
  if (third === CLIPS_FOLDER) return parseClip(key, env, tenantId, rest);
  if (third === BRANDING_FOLDER) {
    return { shape: 'branding', env, tenantId, name: parseName(key, rest) };
  }
  if (!ID_PATTERN.test(third)) throw invalidKey(key, 'job id segment is not valid');
  if (rest.length === 1 && rest[0] === 'manifest.json') {
    return { shape: 'manifest', env, tenantId, jobId: third };
  }
  const kindLength = rest[0] === 'renditions' ? 2 : 1;
  const kind = rest.slice(0, kindLength).join('/');
  const nameSegments = rest.slice(kindLength);
  if (!kinds.includes(kind)) throw invalidKey(key, `"${kind.slice(0, 40)}" is not a job key kind`);
  return {
    shape: 'job-object',
    env,
    tenantId,
    jobId: third,
    kind: kind as JobKeyKind,
    name: parseName(key, nameSegments),
  };
}

/** A job object's or branding asset's name: 1–4 safe segments, as `assertValidName` allows. */
function parseName(key: string, nameSegments: string[]): string {
  if (
    nameSegments.length === 0 ||
    nameSegments.length > 4 ||
    !nameSegments.every((segment) => NAME_SEGMENT_PATTERN.test(segment))
  ) {
    throw invalidKey(
      key,
      'name must be 1–4 segments of [A-Za-z0-9._-] starting with a letter or digit',
    );
  }
  return nameSegments.join('/');
}

function parseClip(key: string, env: string, tenantId: string, rest: string[]): ParsedObjectKey {
  const [episodeId = '', clipName = '', ...extra] = rest;
  const range = CLIP_NAME_PATTERN.exec(clipName);
  if (!ID_PATTERN.test(episodeId) || extra.length > 0 || range === null) {
    throw invalidKey(
      key,
      'clip keys are {env}/{tenantId}/audio_clips/{episodeId}/{startMs}-{endMs}.mp3',
    );
  }
  const startMs = Number(range[1]);
  const endMs = Number(range[2]);
  if (!(endMs > startMs)) throw invalidKey(key, 'clip end must be after its start');
  return { shape: 'clip', env, tenantId, episodeId, startMs, endMs };
}

/**
 * Returns the key when {@link parseObjectKey} accepts it; throws {@link InvalidRequestError} otherwise.
 *
 * @example
 * const key = assertValidObjectKey(event.key);
 */
export function assertValidObjectKey(key: unknown): string {
  parseObjectKey(key);
  return key as string;
}

/**
 * True when {@link parseObjectKey} accepts the key; listings use it to skip foreign objects.
 *
 * @example
 * isObjectKey('dev/acme/ep-42/manifest.json'); // → true
 */
export function isObjectKey(key: unknown): boolean {
  try {
    parseObjectKey(key);
    return true;
  } catch {
    return false;
  }
}

/**
 * Validates a listing prefix: `''` (everything), or the start of a key — its complete segments
 * must be what keys have there (env, tenant id, job id or `audio_clips`, then name segments),
 * and it may end in `/` or part-way into a segment. Usually `${buildJobRootKey(parts)}/`.
 *
 * @example
 * assertValidPrefix('dev/acme/ep-42/renditions/'); // ok
 * assertValidPrefix('dev/../other/');              // throws InvalidRequestError
 */
export function assertValidPrefix(prefix: unknown): string {
  assertSafeCharacters(prefix, 'prefix');
  if (prefix === '') return prefix;
  const segments = prefix.split('/');
  const partial = segments.pop() ?? '';
  const patterns = [ENV_PATTERN, ID_PATTERN, ID_PATTERN];
  segments.forEach((segment, index) => {
    const pattern = patterns[index] ?? NAME_SEGMENT_PATTERN;
    if (!pattern.test(segment) && !(index === 2 && segment === CLIPS_FOLDER)) {
      throw invalidKey(prefix, `segment ${index + 1} of the prefix is not what keys have there`);
    }
  });
  if (partial !== '' && !NAME_SEGMENT_PATTERN.test(partial)) {
    throw invalidKey(
      prefix,
      'the last segment of a prefix must be empty or [A-Za-z0-9._-] starting with a letter or digit',
    );
  }
  return prefix;
}

/** Orders objects by key in code-unit order, which for ASCII keys is S3's listing order. */
export function compareKeys(left: { key: string }, right: { key: string }): number {
  return left.key < right.key ? -1 : left.key > right.key ? 1 : 0;
}
