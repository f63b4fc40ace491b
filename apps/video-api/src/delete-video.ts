import { ConflictError } from '@reel/error-taxonomy';
import type { JobManifest } from '@reel/manifest';
import { CLIPS_FOLDER, buildJobRootKey, buildManifestKey, type MediaStorage } from '@reel/storage';
import { RUNNING_STATUSES, stopRun, type CancelVideoDependencies } from './cancel-video';
import { findVideo } from './find-video';

export interface DeleteVideoOptions {
  tenantId: string;
  videoId: string;
  /** `?cancel=true`: a running video is cancelled first instead of refused. */
  cancel: boolean;
  dependencies: CancelVideoDependencies;
  deadlineAtMs?: number;
  signal?: AbortSignal;
}

/** Manifest writes that may land between our read and the delete (a step finishing): re-read this often. */
const DELETE_ATTEMPTS = 5;

/**
 * Removes a video: every object under the job (input, outputs, logs), its audio clips, its upload,
 * then its manifest (conditional on the version read, re-read on a concurrent write). Objects go
 * first so a failure part-way leaves a video that a second DELETE finishes. A queued or
 * processing video is 409 unless `cancel` (then its run is stopped first, as `POST …/cancel`).
 *
 * @example
 * await deleteVideo({ tenantId, videoId, cancel: false, dependencies }); // → 204
 */
export async function deleteVideo({
  tenantId,
  videoId,
  cancel,
  dependencies,
  deadlineAtMs,
  signal,
}: DeleteVideoOptions): Promise<void> {
  const { manifests, storage, uploads } = dependencies;
  let manifest = await findVideo(manifests, { tenantId, videoId });
  if (RUNNING_STATUSES.has(manifest.status)) {
    if (!cancel) {
      throw new ConflictError(`Video ${videoId} is ${manifest.status}`, {
        details: { status: manifest.status },
        advice: 'Cancel it first (POST /videos/{id}/cancel), or DELETE /videos/{id}?cancel=true.',
      });
    }
    manifest = await stopRun({
      manifest,
      dependencies,
      cause: 'Cancelled by DELETE /videos/{id}?cancel=true',
      ...(deadlineAtMs === undefined ? {} : { deadlineAtMs }),
      ...(signal === undefined ? {} : { signal }),
    });
  }
  await removeObjects(storage, jobObjectPrefixes(manifest), buildManifestKey(manifest));
  if (manifest.upload !== undefined) await uploads.delete({ key: manifest.upload.key });
  await deleteManifest(dependencies, manifest);
}

/** The job's folder and its episode's clips folder (`{env}/{tenant}/audio_clips/{job}/`). */
function jobObjectPrefixes({ env, tenantId, jobId }: JobManifest): string[] {
  return [
    `${buildJobRootKey({ env, tenantId, jobId })}/`,
    `${env}/${tenantId}/${CLIPS_FOLDER}/${jobId}/`,
  ];
}

async function removeObjects(
  storage: MediaStorage,
  prefixes: string[],
  manifestKey: string,
): Promise<void> {
  for (const prefix of prefixes) {
    const objects = await storage.list({ prefix });
    // The local manifest store keeps the manifest in the job's folder: it goes last, by its store.
    for (const { key } of objects) if (key !== manifestKey) await storage.delete({ key });
  }
}

async function deleteManifest(
  { manifests }: CancelVideoDependencies,
  manifest: JobManifest,
): Promise<void> {
  const ref = { tenantId: manifest.tenantId, jobId: manifest.jobId };
  let expectedVersion = manifest.version;
  for (let attempt = 1; ; attempt += 1) {
    try {
      await manifests.delete(ref, { expectedVersion });
      return;
    } catch (error) {
      const latest = error instanceof ConflictError ? await manifests.get(ref) : undefined;
      if (latest === undefined || attempt >= DELETE_ATTEMPTS) throw error;
      expectedVersion = latest.version;
    }
  }
}
