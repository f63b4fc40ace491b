import { ConflictError } from '@reel/error-taxonomy';
import * as z from 'zod';
import { findVideo } from './find-video';
import { markUploadArrived } from './upload-arrival';
import type { VideoApiDependencies } from './video-api-dependencies';
import { toVideoView, type VideoView } from './video-view';

export const completeUploadBodySchema = z.strictObject({
  parts: z
    .array(
      z.strictObject({
        partNumber: z.number().int().min(1).max(10_000),
        etag: z.string().min(1).max(1024).describe('The ETag header of the part’s PUT answer'),
      }),
    )
    .min(1)
    .max(10_000)
    .optional()
    .describe('Every part, in order; S3 needs them, locally the parts on disk are used'),
});

export interface CompleteUploadOptions {
  tenantId: string;
  videoId: string;
  body: z.output<typeof completeUploadBodySchema>;
  dependencies: VideoApiDependencies;
  deadlineAtMs?: number;
  signal?: AbortSignal;
}

/**
 * Finishes a multipart upload (files over 100 MiB): the parts become the upload's object and the
 * video is `uploaded`. Repeating it once done answers the video as it is; a video that was not
 * created for a multipart upload is a ConflictError (409).
 *
 * @example
 * const video = await completeUpload({ tenantId, videoId, body: { parts }, dependencies });
 */
export async function completeUpload({
  tenantId,
  videoId,
  body,
  dependencies,
  deadlineAtMs,
  signal,
}: CompleteUploadOptions): Promise<VideoView> {
  const manifest = await findVideo(dependencies.manifests, { tenantId, videoId });
  const { upload } = manifest;
  if (upload?.multipartUploadId === undefined) {
    throw new ConflictError(`Video ${videoId} has no multipart upload to complete`, {
      details: { videoId, status: manifest.status },
      advice: 'Only videos created with fileSizeBytes over 100 MiB are uploaded in parts.',
    });
  }
  if (manifest.status === 'awaiting_upload') {
    await dependencies.uploads.completeMultipartUpload({
      key: upload.key,
      uploadId: upload.multipartUploadId,
      ...(body.parts === undefined ? {} : { parts: body.parts }),
    });
  }
  const current = await markUploadArrived({
    manifest,
    dependencies,
    ...(deadlineAtMs === undefined ? {} : { deadlineAtMs }),
    ...(signal === undefined ? {} : { signal }),
  });
  return toVideoView(current, { storage: dependencies.storage });
}
