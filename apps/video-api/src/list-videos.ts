import { jobStatuses } from '@reel/manifest';
import * as z from 'zod';
import type { VideoApiDependencies } from './video-api-dependencies';
import { toVideoView, videoSchema } from './video-view';

/** Page size when the client gives none, and the largest it may ask for. */
export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

export const listVideosQuerySchema = z.object({
  status: z
    .enum(jobStatuses)
    .optional()
    .describe('Only videos in this status (the tenant+status index)'),
  limit: z
    .string()
    .regex(/^[1-9]\d{0,2}$/, 'a whole number from 1')
    .transform(Number)
    .pipe(z.int().min(1).max(MAX_PAGE_SIZE))
    .optional()
    .describe(`Videos per page, 1–${MAX_PAGE_SIZE}; default ${DEFAULT_PAGE_SIZE}`),
  cursor: z.string().min(1).max(2048).optional().describe('nextCursor of the previous page'),
});

export const videoPageSchema = z.object({
  videos: z
    .array(videoSchema)
    .describe('Newest first; links are left out (GET /videos/{id} has them)'),
  nextCursor: z.string().optional().describe('Present when more videos follow'),
});

export type VideoPage = z.infer<typeof videoPageSchema>;

export interface ListVideosOptions {
  tenantId: string;
  query: z.output<typeof listVideosQuerySchema>;
  dependencies: Pick<VideoApiDependencies, 'manifests'>;
}

/**
 * One page of the caller's videos, newest first: a query of the tenant (or tenant + status) index
 * of the manifest store, never a scan. A cursor works only with the tenant and status that made it
 * (400 otherwise).
 *
 * @example
 * const { videos, nextCursor } = await listVideos({ tenantId: 'acme', query: { status: 'completed' }, dependencies });
 */
export async function listVideos({
  tenantId,
  query: { status, limit = DEFAULT_PAGE_SIZE, cursor },
  dependencies: { manifests },
}: ListVideosOptions): Promise<VideoPage> {
  const page = await manifests.listJobs({
    tenantId,
    limit,
    ...(status === undefined ? {} : { status }),
    ...(cursor === undefined ? {} : { cursor }),
  });
  return {
    videos: await Promise.all(page.jobs.map((manifest) => toVideoView(manifest))),
    ...(page.nextCursor === undefined ? {} : { nextCursor: page.nextCursor }),
  };
}
