import type { MediaStorage } from './media-storage';

/** Where an S3 storage keeps its objects, for a server-side copy from it. */
export interface S3Location {
  bucket: string;
  /** The endpoint option it was made with; undefined means AWS's. */
  endpoint: string | undefined;
}

// Kept beside the storage objects rather than on them: MediaStorage stays the same interface for
// both backends, and a wrapped or spread storage (tests do this) simply copies through a stream.
const locations = new WeakMap<MediaStorage, S3Location>();

export function rememberS3Location(storage: MediaStorage, location: S3Location): MediaStorage {
  locations.set(storage, location);
  return storage;
}

/** The bucket and endpoint of an S3 storage made by this lib; undefined for any other storage. */
export function s3LocationOf(storage: MediaStorage): S3Location | undefined {
  return locations.get(storage);
}
