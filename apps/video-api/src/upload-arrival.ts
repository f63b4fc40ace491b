import { updateManifest, type JobManifest } from '@reel/manifest';
import type { VideoApiDependencies } from './video-api-dependencies';

export interface MarkUploadArrivedOptions {
  manifest: JobManifest;
  dependencies: Pick<VideoApiDependencies, 'uploads' | 'manifests'>;
  deadlineAtMs?: number;
  signal?: AbortSignal;
}

/**
 * Moves an `awaiting_upload` video to `uploaded` once its file is in the upload area with the
 * size the client declared (the upload URL refuses any other size, so a different one is a file
 * put there some other way: the video keeps waiting). Anything else is returned as it is. Safe to
 * call from every reader: one `head`, and a conditional write only when the status changes (a
 * concurrent caller's write is re-read, not repeated).
 *
 * @example
 * const current = await markUploadArrived({ manifest, dependencies });
 * if (current.status === 'awaiting_upload') throw new ConflictError('The file has not been uploaded yet');
 */
export async function markUploadArrived({
  manifest,
  dependencies: { uploads, manifests },
  deadlineAtMs,
  signal,
}: MarkUploadArrivedOptions): Promise<JobManifest> {
  const { upload } = manifest;
  if (manifest.status !== 'awaiting_upload' || upload === undefined) return manifest;
  if (!(await uploads.exists({ key: upload.key }))) return manifest;
  const { bytes } = await uploads.head({ key: upload.key });
  if (bytes !== upload.declaredBytes) return manifest;
  return updateManifest(
    manifests,
    { tenantId: manifest.tenantId, jobId: manifest.jobId },
    (draft) => {
      if (draft.status === 'awaiting_upload') draft.status = 'uploaded';
    },
    {
      ...(deadlineAtMs === undefined ? {} : { deadlineAtMs }),
      ...(signal === undefined ? {} : { signal }),
    },
  );
}
