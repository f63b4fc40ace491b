import { CancelledError, ConflictError } from '@reel/error-taxonomy';
import { failRun, type JobManifest } from '@reel/manifest';
import type { WorkflowStarter } from '@reel/workflow';
import { findVideo } from './find-video';
import { markUploadArrived } from './upload-arrival';
import type { VideoApiDependencies } from './video-api-dependencies';
import { toVideoView, type VideoView } from './video-view';

export type CancelVideoDependencies = Pick<
  VideoApiDependencies,
  'storage' | 'uploads' | 'manifests'
> & {
  starter: WorkflowStarter;
};

export interface CancelVideoOptions {
  tenantId: string;
  videoId: string;
  dependencies: CancelVideoDependencies;
  deadlineAtMs?: number;
  signal?: AbortSignal;
}

/** Statuses with a run in progress: the only ones a cancel applies to. */
export const RUNNING_STATUSES: ReadonlySet<JobManifest['status']> = new Set([
  'queued',
  'processing',
]);

/**
 * Cancels a video's run: its workflow execution is stopped (StopExecution on AWS, the run's hosts
 * stopped under `reel serve`), the video marked `failed` with a CancelledError (409 `CANCELLED`),
 * and the run lease released so it can be processed again (it resumes at the step it was in). A
 * video that is not queued or processing is 409 naming its status.
 *
 * @example
 * const video = await cancelVideo({ tenantId, videoId, dependencies }); // status 'failed', error CANCELLED
 */
export async function cancelVideo({
  tenantId,
  videoId,
  dependencies,
  deadlineAtMs,
  signal,
}: CancelVideoOptions): Promise<VideoView> {
  const manifest = await markUploadArrived({
    manifest: await findVideo(dependencies.manifests, { tenantId, videoId }),
    dependencies,
    ...(deadlineAtMs === undefined ? {} : { deadlineAtMs }),
    ...(signal === undefined ? {} : { signal }),
  });
  if (!RUNNING_STATUSES.has(manifest.status) || manifest.run === undefined) {
    throw new ConflictError(`Video ${videoId} is ${manifest.status}: no run to cancel`, {
      details: { status: manifest.status },
      advice:
        'Only a queued or processing video can be cancelled; GET /videos/{id} shows its status.',
    });
  }
  const cancelled = await stopRun({
    manifest,
    dependencies,
    cause: 'Cancelled on request (POST /videos/{id}/cancel)',
    ...(deadlineAtMs === undefined ? {} : { deadlineAtMs }),
    ...(signal === undefined ? {} : { signal }),
  });
  return toVideoView(cancelled, { storage: dependencies.storage });
}

/**
 * Stops the manifest's current run and records it as cancelled (see {@link cancelVideo}); a run
 * that ended meanwhile keeps its own outcome. Returns the manifest as it is after.
 */
export async function stopRun({
  manifest,
  dependencies: { manifests, starter },
  cause,
  deadlineAtMs,
  signal,
}: {
  manifest: JobManifest;
  dependencies: CancelVideoDependencies;
  cause: string;
  deadlineAtMs?: number;
  signal?: AbortSignal;
}): Promise<JobManifest> {
  const ref = { tenantId: manifest.tenantId, jobId: manifest.jobId };
  const executionName = manifest.run?.runId;
  if (executionName === undefined) return manifest;
  await starter.stop({ executionName, cause });
  return failRun(manifests, ref, {
    runId: executionName,
    error: new CancelledError(`Run ${executionName} was cancelled on request`),
    statuses: [...RUNNING_STATUSES],
    ...(deadlineAtMs === undefined ? {} : { deadlineAtMs }),
    ...(signal === undefined ? {} : { signal }),
  });
}
