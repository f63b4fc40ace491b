import { InvalidRequestError } from '@reel/error-taxonomy';
import {
  ENV_PATTERN,
  ID_PATTERN,
  NAME_SEGMENT_PATTERN,
  assertValidEnv,
  assertValidId,
} from './key-layout';

/** The parts of an upload key: `{env}/{tenantId}/{videoId}/{fileName}`. */
export interface UploadKeyParts {
  env: string;
  tenantId: string;
  /** The video (job) the upload is for. */
  videoId: string;
  /** One name segment, `[A-Za-z0-9][A-Za-z0-9._-]{0,127}` (see {@link toUploadFileName}). */
  fileName: string;
}

const MAX_UPLOAD_KEY_LENGTH = 1024;

function invalidUploadKey(key: unknown, reason: string): InvalidRequestError {
  const shown = typeof key === 'string' ? JSON.stringify(key.slice(0, 80)) : typeof key;
  return new InvalidRequestError(`${shown} is not an upload key: ${reason}`, {
    details: { reason },
    advice:
      'Upload keys are {env}/{tenantId}/{videoId}/{fileName}, made with buildUploadKey: ids are lower-case [a-z0-9_-], the file name one segment of [A-Za-z0-9._-].',
  });
}

function assertValidFileName(fileName: unknown): string {
  if (typeof fileName !== 'string' || !NAME_SEGMENT_PATTERN.test(fileName)) {
    const shown =
      typeof fileName === 'string' ? JSON.stringify(fileName.slice(0, 40)) : typeof fileName;
    throw new InvalidRequestError(`fileName ${shown} is not a valid upload file name`, {
      details: { pattern: NAME_SEGMENT_PATTERN.source },
      advice:
        'Use one segment of letters, digits, ".", "_" and "-" starting with a letter or digit; toUploadFileName makes one from any name.',
    });
  }
  return fileName;
}

/**
 * `{env}/{tenantId}/{videoId}/{fileName}`: where a client's upload lands in the upload area
 * (`REEL_UPLOAD_BUCKET`, or `REEL_UPLOAD_PATH` locally). Every part is checked first; a bad one is
 * {@link InvalidRequestError}.
 *
 * @example
 * buildUploadKey({ env: 'dev', tenantId: 'acme', videoId: 'v-1f3a', fileName: 'talk.mp4' })
 * // → 'dev/acme/v-1f3a/talk.mp4'
 */
export function buildUploadKey({ env, tenantId, videoId, fileName }: UploadKeyParts): string {
  return `${assertValidEnv(env)}/${assertValidId('tenantId', tenantId)}/${assertValidId('jobId', videoId)}/${assertValidFileName(fileName)}`;
}

/**
 * Reads an upload key back into its parts, or throws {@link InvalidRequestError} when it is not
 * exactly what {@link buildUploadKey} makes (so no `..`, empty or extra segments, no `%`-escapes).
 * The video API checks a `sourceUrl`'s key with it, then compares `tenantId` with the caller's.
 *
 * @example
 * parseUploadKey('dev/acme/v-1f3a/talk.mp4'); // → { env: 'dev', tenantId: 'acme', videoId: 'v-1f3a', fileName: 'talk.mp4' }
 */
export function parseUploadKey(key: unknown): UploadKeyParts {
  if (typeof key !== 'string') throw invalidUploadKey(key, 'a key must be a string');
  if (key.length > MAX_UPLOAD_KEY_LENGTH) {
    throw invalidUploadKey(key, `longer than ${MAX_UPLOAD_KEY_LENGTH} characters`);
  }
  const segments = key.split('/');
  if (segments.length !== 4) throw invalidUploadKey(key, 'it must have exactly four segments');
  const [env = '', tenantId = '', videoId = '', fileName = ''] = segments;
  if (!ENV_PATTERN.test(env)) throw invalidUploadKey(key, 'env segment is not valid');
  if (!ID_PATTERN.test(tenantId)) throw invalidUploadKey(key, 'tenant id segment is not valid');
  if (!ID_PATTERN.test(videoId)) throw invalidUploadKey(key, 'video id segment is not valid');
  if (!NAME_SEGMENT_PATTERN.test(fileName)) {
    throw invalidUploadKey(key, 'file name segment is not valid');
  }
  return { env, tenantId, videoId, fileName };
}

/** True when {@link parseUploadKey} accepts the key. */
export function isUploadKey(key: unknown): boolean {
  try {
    parseUploadKey(key);
    return true;
  } catch {
    return false;
  }
}

/**
 * Validates a listing prefix of the upload area: `''`, or complete env/tenant/video segments
 * followed by an empty or partial last segment (`dev/acme/`, `dev/acme/v-1f3a/`).
 *
 * @example
 * assertValidUploadPrefix('dev/acme/v-1f3a/'); // ok
 */
export function assertValidUploadPrefix(prefix: unknown): string {
  if (typeof prefix !== 'string') throw invalidUploadKey(prefix, 'a prefix must be a string');
  if (prefix === '') return prefix;
  const segments = prefix.split('/');
  const partial = segments.pop() ?? '';
  const patterns = [ENV_PATTERN, ID_PATTERN, ID_PATTERN];
  if (segments.length > patterns.length) {
    throw invalidUploadKey(prefix, 'a prefix has at most four segments');
  }
  segments.forEach((segment, index) => {
    if (!(patterns[index] ?? ID_PATTERN).test(segment)) {
      throw invalidUploadKey(
        prefix,
        `segment ${index + 1} of the prefix is not what keys have there`,
      );
    }
  });
  if (partial !== '' && !NAME_SEGMENT_PATTERN.test(partial)) {
    throw invalidUploadKey(prefix, 'the last segment of a prefix must be empty or a name segment');
  }
  return prefix;
}

const UNSAFE_RUN = /[^A-Za-z0-9._-]+/g;

/**
 * A valid upload file name made from any name a client sends (`C:\clips\My talk (final).MOV` →
 * `My-talk-final-.MOV`): the last path segment, unsafe characters replaced by `-`, leading dots
 * and dashes dropped, at most 128 characters keeping the extension; `fallback` when nothing is left.
 *
 * @example
 * buildUploadKey({ env, tenantId, videoId, fileName: toUploadFileName(body.fileName ?? 'source.mp4') });
 */
export function toUploadFileName(name: string, fallback = 'source'): string {
  const lastSegment = name.split(/[/\\]/).pop() ?? '';
  const safe = lastSegment.replace(UNSAFE_RUN, '-').replace(/^[._-]+/, '');
  if (safe === '') return fallback;
  if (safe.length <= 128) return safe;
  const extension = /\.[A-Za-z0-9]{1,10}$/.exec(safe)?.[0] ?? '';
  return `${safe.slice(0, 128 - extension.length)}${extension}`;
}
