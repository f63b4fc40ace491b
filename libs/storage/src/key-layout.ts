import { ENV_NAME_PATTERN } from '@reel/config';
import { InvalidRequestError } from '@reel/error-taxonomy';

/** Tenant, job and episode ids: lower-case, digits, `_` and `-`, 1–63 chars, starting alphanumeric. */
export const ID_PATTERN = /^[a-z0-9][a-z0-9_-]{0,62}$/;
/** Deployment environment names (`dev`, `prod`, `pr-42`); the same rule `REEL_ENV` is checked with. */
export const ENV_PATTERN = ENV_NAME_PATTERN;
/** One segment of an output name: no separators, no leading dot, so never `.` or `..`. */
export const NAME_SEGMENT_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;
/** The folder of on-demand clips under a tenant; it can never be a job id. */
export const CLIPS_FOLDER = 'audio_clips';
/** The folder of a tenant's branding assets (logo, intro, outro); it can never be a job id. */
export const BRANDING_FOLDER = 'branding';
/** Tenant-level folders that share the tenant root with job folders. */
const RESERVED_FOLDERS: readonly string[] = [CLIPS_FOLDER, BRANDING_FOLDER];
const MAX_NAME_SEGMENTS = 4;

export type IdKind = 'tenantId' | 'jobId' | 'episodeId';

/**
 * The folders under a job root. `renditions/cmaf` holds the shared CMAF segments with the HLS
 * playlists and the DASH MPD that both point at them; `renditions/mp4` the progressive MP4s.
 */
export const jobKeyKinds = [
  'input',
  'audio',
  'transcripts',
  'plan',
  'renders',
  'renditions/cmaf',
  'renditions/mp4',
  'thumbnails',
  'logs',
] as const;
export type JobKeyKind = (typeof jobKeyKinds)[number];

function shown(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value.slice(0, 40)) : typeof value;
}

/**
 * Returns the id unchanged when it is safe to put in a path or key; otherwise throws
 * {@link InvalidRequestError} before anything is built from it. The length check runs first so a
 * 1 KB id never reaches the regex, and the message shows at most 40 characters of what was sent.
 * `audio_clips` and `branding` are reserved: a job of that id would share its folder with the
 * tenant's clips or branding assets.
 *
 * @example
 * const tenantId = assertValidId('tenantId', event.tenantId);
 */
export function assertValidId(idKind: IdKind, value: unknown): string {
  if (
    typeof value !== 'string' ||
    value.length === 0 ||
    value.length > 63 ||
    !ID_PATTERN.test(value) ||
    (idKind === 'jobId' && RESERVED_FOLDERS.includes(value))
  ) {
    throw new InvalidRequestError(`${idKind} ${shown(value)} is not a valid id`, {
      details: { idKind, pattern: ID_PATTERN.source },
      advice: `Use 1–63 characters: lower-case letters, digits, '_' and '-', starting with a letter or digit (${ID_PATTERN.source}); ${RESERVED_FOLDERS.map((name) => `'${name}'`).join(' and ')} are reserved.`,
    });
  }
  return value;
}

/**
 * Like {@link assertValidId} for the environment segment (`dev`, `prod`).
 *
 * @example
 * const env = assertValidEnv(config.env);
 */
export function assertValidEnv(value: unknown): string {
  if (typeof value !== 'string' || value.length > 16 || !ENV_PATTERN.test(value)) {
    throw new InvalidRequestError(`env ${shown(value)} is not a valid environment name`, {
      details: { pattern: ENV_PATTERN.source },
      advice: `Use an environment name like dev, prod or pr-42: up to 16 lower-case letters, digits and '-', starting with a letter (${ENV_PATTERN.source}).`,
    });
  }
  return value;
}

/**
 * Validates an output name: one to four `/`-separated segments of `[A-Za-z0-9._-]` (at most 128
 * characters each), each starting with a letter or digit — so never empty, `.`, `..` or hidden.
 *
 * @example
 * assertValidName('720p/segment-001.m4s'); // → '720p/segment-001.m4s'
 */
export function assertValidName(value: unknown): string {
  const segments = typeof value === 'string' && value.length <= 1024 ? value.split('/') : [];
  if (
    segments.length === 0 ||
    segments.length > MAX_NAME_SEGMENTS ||
    !segments.every((segment) => NAME_SEGMENT_PATTERN.test(segment))
  ) {
    throw new InvalidRequestError(`name ${shown(value)} is not a valid object name`, {
      details: { pattern: NAME_SEGMENT_PATTERN.source, maxSegments: MAX_NAME_SEGMENTS },
      advice: `Use 1–${MAX_NAME_SEGMENTS} '/'-separated segments of letters, digits, '.', '_' and '-', each starting with a letter or digit (${NAME_SEGMENT_PATTERN.source}).`,
    });
  }
  return value as string;
}

export interface JobRootKeyParts {
  env: string;
  tenantId: string;
  jobId: string;
}

export interface JobKeyParts extends JobRootKeyParts {
  kind: JobKeyKind;
  name: string;
}

/**
 * `{env}/{tenantId}/{jobId}`: the prefix every object of one job lives under (add `/` to list it).
 *
 * @example
 * await storage.list({ prefix: `${buildJobRootKey({ env: 'dev', tenantId: 'acme', jobId: 'ep-42' })}/` });
 */
export function buildJobRootKey({ env, tenantId, jobId }: JobRootKeyParts): string {
  return `${assertValidEnv(env)}/${assertValidId('tenantId', tenantId)}/${assertValidId('jobId', jobId)}`;
}

/**
 * `{env}/{tenantId}/{jobId}/{kind}/{name}` — the only way a job's object keys are made.
 *
 * @example
 * buildJobKey({ env: 'dev', tenantId: 'acme', jobId: 'ep-42', kind: 'audio', name: 'audio.mp3' })
 * // → 'dev/acme/ep-42/audio/audio.mp3'
 */
export function buildJobKey({ kind, name, ...root }: JobKeyParts): string {
  if (!(jobKeyKinds as readonly string[]).includes(kind)) {
    throw new InvalidRequestError(`kind ${shown(kind)} is not a job key kind`, {
      details: { allowed: [...jobKeyKinds] },
    });
  }
  return `${buildJobRootKey(root)}/${kind}/${assertValidName(name)}`;
}

/**
 * `{env}/{tenantId}/{jobId}/manifest.json`.
 *
 * @example
 * buildManifestKey({ env: 'dev', tenantId: 'acme', jobId: 'ep-42' }) // → 'dev/acme/ep-42/manifest.json'
 */
export function buildManifestKey(root: JobRootKeyParts): string {
  return `${buildJobRootKey(root)}/manifest.json`;
}

export interface ClipKeyParts {
  env: string;
  tenantId: string;
  episodeId: string;
  startMs: number;
  endMs: number;
}

/**
 * `{env}/{tenantId}/audio_clips/{episodeId}/{startMs}-{endMs}.mp3`.
 *
 * @example
 * buildClipKey({ env: 'prod', tenantId: 'acme', episodeId: 'ep-7', startMs: 1500, endMs: 31500 })
 * // → 'prod/acme/audio_clips/ep-7/1500-31500.mp3'
 */
export function buildClipKey({ env, tenantId, episodeId, startMs, endMs }: ClipKeyParts): string {
  if (
    !Number.isSafeInteger(startMs) ||
    !Number.isSafeInteger(endMs) ||
    startMs < 0 ||
    endMs <= startMs
  ) {
    throw new InvalidRequestError(`clip range ${startMs}-${endMs} ms is not a valid range`, {
      details: { startMs, endMs },
      advice: 'start_time_ms must be a non-negative integer and duration_ms a positive integer.',
    });
  }
  return `${assertValidEnv(env)}/${assertValidId('tenantId', tenantId)}/${CLIPS_FOLDER}/${assertValidId('episodeId', episodeId)}/${startMs}-${endMs}.mp3`;
}

export interface BrandingKeyParts {
  env: string;
  tenantId: string;
  /** One to four `/`-separated segments, as for job outputs (`logo.png`, `fonts/title.woff2`). */
  name: string;
}

/**
 * `{env}/{tenantId}/branding/{name}`: a tenant's branding asset, shared by all its jobs.
 *
 * @example
 * buildBrandingKey({ env: 'prod', tenantId: 'acme', name: 'logo.png' })
 * // → 'prod/acme/branding/logo.png'
 */
export function buildBrandingKey({ env, tenantId, name }: BrandingKeyParts): string {
  return `${assertValidEnv(env)}/${assertValidId('tenantId', tenantId)}/${BRANDING_FOLDER}/${assertValidName(name)}`;
}
