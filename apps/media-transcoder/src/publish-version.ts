import type { JobEventRef } from '@reel/lambda-kit';
import type { Observability } from '@reel/observability';
import { putFiles, type MediaStorage, type StoredObject } from '@reel/storage';
import { removeVersion, versionKey, type TranscodeKind } from './version-folders';

/** One file of a version folder: where it goes (`{kind}/{version}/{name}`) and where it is now. */
export interface VersionFile {
  kind: TranscodeKind;
  /** Inside the version folder, e.g. `720p/seg-00001.m4s`. */
  name: string;
  path: string;
  contentType?: string;
}

const PARALLEL_UPLOADS = 4;

/**
 * Stores files of a version folder: `media` (segments, init segments, media playlists, pictures —
 * nothing yet points at them) four at a time, then `documents` one by one in the order given (the
 * HLS master last, so a stored master always finds every file it lists). Each call is all or none
 * (putFiles); {@link withVersionRollback} removes what earlier calls stored when a later step fails.
 */
export async function publishVersionFiles({
  job,
  storage,
  version,
  media,
  documents = [],
  signal,
}: {
  job: JobEventRef;
  storage: MediaStorage;
  version: string;
  media: readonly VersionFile[];
  documents?: readonly VersionFile[];
  signal: AbortSignal;
}): Promise<Map<string, StoredObject>> {
  const toPut = (files: readonly VersionFile[]) =>
    files.map(({ kind, name, path, contentType }) => ({
      key: versionKey(job, kind, version, name),
      path,
      ...(contentType === undefined ? {} : { contentType }),
    }));
  const stored = [
    ...(await putFiles({ storage, files: toPut(media), signal, concurrency: PARALLEL_UPLOADS })),
    ...(await putFiles({ storage, files: toPut(documents), signal, concurrency: 1 })),
  ];
  return new Map(stored.map((object) => [object.key, object]));
}

/**
 * Runs a transcode's work on version folder `version` so that a failure leaves nothing of it
 * behind: what a crashed earlier attempt left in the folder is removed first, and everything the
 * work stored (an early playable master included) is removed when it throws, before the error is
 * rethrown.
 */
export async function withVersionRollback<T>(
  {
    job,
    storage,
    version,
    observability,
  }: { job: JobEventRef; storage: MediaStorage; version: string; observability: Observability },
  work: () => Promise<T>,
): Promise<T> {
  const leftovers = await removeVersion({ job, storage, version });
  if (leftovers > 0) {
    observability.logger.info('Removed what an earlier attempt left of the version', {
      version,
      objects: leftovers,
    });
  }
  try {
    return await work();
  } catch (error) {
    const removed = await removeVersion({ job, storage, version }).catch(() => 0);
    observability.logger.info('Removed the failed version', { version, objects: removed });
    throw error;
  }
}
