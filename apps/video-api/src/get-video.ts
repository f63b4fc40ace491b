import { ConfigInvalidError } from '@reel/error-taxonomy';
import { findVideo } from './find-video';
import { markUploadArrived } from './upload-arrival';
import type { VideoApiDependencies } from './video-api-dependencies';
import { toVideoView, type VideoView } from './video-view';

export interface GetVideoOptions {
  tenantId: string;
  videoId: string;
  dependencies: VideoApiDependencies;
  deadlineAtMs?: number;
  signal?: AbortSignal;
}

/**
 * One of the caller's videos with links to its outputs, minted for this answer (presigned on S3,
 * signed local URLs under `reel serve`). A video awaiting its upload is looked at first: if the
 * file has arrived with its declared size it is `uploaded` from now on.
 *
 * @example
 * const video = await getVideo({ tenantId: 'acme', videoId: 'v0123…', dependencies });
 */
export async function getVideo({
  tenantId,
  videoId,
  dependencies,
  deadlineAtMs,
  signal,
}: GetVideoOptions): Promise<VideoView> {
  const manifest = await findVideo(dependencies.manifests, { tenantId, videoId });
  const current = await markUploadArrived({
    manifest,
    dependencies,
    ...(deadlineAtMs === undefined ? {} : { deadlineAtMs }),
    ...(signal === undefined ? {} : { signal }),
  });
  // Where the API cannot sign (no REEL_URL_SIGNING_SECRET on AWS) the video is still answered,
  // without signed stream links; the stream routes themselves then say what is missing.
  const streamLinkSecret = await dependencies.streamSigningSecret().catch((error: unknown) => {
    if (error instanceof ConfigInvalidError) return undefined;
    throw error;
  });
  return toVideoView(current, {
    storage: dependencies.storage,
    ...(streamLinkSecret === undefined ? {} : { streamLinkSecret }),
  });
}
