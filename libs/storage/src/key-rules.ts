import { assertValidPrefix, isObjectKey, parseObjectKey } from './object-key';
import { assertValidUploadPrefix, isUploadKey, parseUploadKey } from './upload-key';

/**
 * Which keys a storage holds: `media` (job objects, manifests, clips, branding — `parseObjectKey`)
 * or `uploads` (`{env}/{tenantId}/{videoId}/{fileName}` — `parseUploadKey`). A storage refuses
 * every key of the other layout, so an upload can never be written among a job's outputs.
 */
export type KeyLayout = 'media' | 'uploads';

/** The key checks one storage applies. */
export interface KeyRules {
  layout: KeyLayout;
  /** Throws InvalidRequestError for a key this layout does not have. */
  assertKey(key: unknown): void;
  assertPrefix(prefix: unknown): void;
  isKey(key: unknown): boolean;
  /** Folders a local delete never removes: the job root (3) for media, the tenant (2) for uploads. */
  keptFolderDepth: number;
}

const mediaKeyRules: KeyRules = {
  layout: 'media',
  assertKey: (key) => void parseObjectKey(key),
  assertPrefix: (prefix) => void assertValidPrefix(prefix),
  isKey: isObjectKey,
  keptFolderDepth: 3,
};

const uploadKeyRules: KeyRules = {
  layout: 'uploads',
  assertKey: (key) => void parseUploadKey(key),
  assertPrefix: (prefix) => void assertValidUploadPrefix(prefix),
  isKey: isUploadKey,
  keptFolderDepth: 2,
};

/** The rules of a layout (default `media`). */
export function keyRulesFor(layout: KeyLayout = 'media'): KeyRules {
  return layout === 'uploads' ? uploadKeyRules : mediaKeyRules;
}

/**
 * The layout a key belongs to: media first, then uploads; the media error when it is neither.
 * Signed local URLs and the local object handler serve both areas with one check.
 */
export function keyLayoutOf(key: unknown): KeyLayout {
  if (isObjectKey(key)) return 'media';
  if (isUploadKey(key)) return 'uploads';
  parseObjectKey(key);
  return 'media';
}
