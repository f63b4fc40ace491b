import { NotFoundError } from '@reel/error-taxonomy';
import type { JobManifest, ManifestStore } from '@reel/manifest';
import { ID_PATTERN } from '@reel/storage';

/**
 * The caller's video `id`, or NotFoundError (404) — for an id no video can have, one that does not
 * exist and another tenant's alike, since the lookup only ever reads the caller's own jobs.
 *
 * @example
 * const manifest = await findVideo(manifests, { tenantId: caller.tenantId, videoId: params.id });
 */
export async function findVideo(
  manifests: ManifestStore,
  { tenantId, videoId }: { tenantId: string; videoId: string },
): Promise<JobManifest> {
  const manifest = ID_PATTERN.test(videoId)
    ? await manifests.get({ tenantId, jobId: videoId })
    : undefined;
  if (manifest === undefined) {
    throw new NotFoundError(`No video ${videoId.slice(0, 80)}`, {
      advice: 'Check the id: GET /videos lists your videos.',
    });
  }
  return manifest;
}
