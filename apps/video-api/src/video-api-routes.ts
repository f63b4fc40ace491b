import { defineRoute, type HttpRoute } from '@reel/http-api';
import * as z from 'zod';
import { completeUpload, completeUploadBodySchema } from './complete-upload';
import { createVideo, createVideoBodySchema, createdVideoSchema } from './create-video';
import { getVideo } from './get-video';
import { checkHealth, healthResponseSchema } from './health';
import { listVideos, listVideosQuerySchema, videoPageSchema } from './list-videos';
import type { VideoApiDependencies } from './video-api-dependencies';
import { processVideo, processVideoBodySchema } from './process-video';
import { cancelVideo } from './cancel-video';
import { deleteVideo } from './delete-video';
import { videoSchema } from './video-view';
import {
  STREAM_CACHE_MAX_AGE_SEC,
  STREAM_ENTRIES,
  getChildPlaylist,
  getDashManifest,
  getMasterPlaylist,
  resolveStreamTenant,
} from './video-streams';
import openApiDocument from '../openapi.json';

const route = defineRoute<VideoApiDependencies>();
const videoPath = z.object({ id: z.string().min(1).max(200).describe('The video id') });

export const healthRoute = route({
  method: 'GET',
  path: '/health',
  operationId: 'getHealth',
  summary: 'Whether storage, the manifest store and ffmpeg answer',
  auth: 'none',
  request: {},
  responses: {
    200: { description: 'Every dependency answered', schema: healthResponseSchema },
    503: { description: 'A dependency failed (named in checks)', schema: healthResponseSchema },
  },
  handle: async ({ dependencies }) => {
    const health = await checkHealth(dependencies);
    return {
      status: health.status === 'ok' ? 200 : 503,
      body: health,
      headers: { 'cache-control': 'no-store' },
    };
  },
});

export const createVideoRoute = route({
  method: 'POST',
  path: '/videos',
  operationId: 'createVideo',
  summary: 'Creates a video: from a file already uploaded, or with where to upload it',
  auth: 'api-key',
  request: { body: createVideoBodySchema },
  responses: {
    201: { description: 'Created', schema: createdVideoSchema },
    200: {
      description: 'The same request again with its Idempotency-Key: the video it created',
      schema: createdVideoSchema,
    },
  },
  errorStatuses: [409, 413, 415],
  handle: async ({ body, caller, dependencies, headers, requestId }) => {
    const idempotencyKey = headers['idempotency-key'];
    const { status, video } = await createVideo({
      tenantId: caller.tenantId,
      body,
      ...(idempotencyKey === undefined ? {} : { idempotencyKey }),
      dependencies,
      requestId,
    });
    return { status, body: video, headers: { location: `/videos/${video.id}` } };
  },
});

export const listVideosRoute = route({
  method: 'GET',
  path: '/videos',
  operationId: 'listVideos',
  summary: 'Your videos, newest first, optionally of one status',
  auth: 'api-key',
  request: { query: listVideosQuerySchema },
  responses: { 200: { description: 'One page', schema: videoPageSchema } },
  handle: async ({ query, caller, dependencies }) => ({
    status: 200,
    body: await listVideos({ tenantId: caller.tenantId, query, dependencies }),
  }),
});

export const getVideoRoute = route({
  method: 'GET',
  path: '/videos/{id}',
  operationId: 'getVideo',
  summary: 'A video: status, steps, error and links to its outputs',
  auth: 'api-key',
  request: { params: videoPath },
  responses: { 200: { description: 'The video', schema: videoSchema } },
  handle: async ({ params, caller, dependencies, deadlineAtMs, signal }) => ({
    status: 200,
    body: await getVideo({
      tenantId: caller.tenantId,
      videoId: params.id,
      dependencies,
      deadlineAtMs,
      signal,
    }),
  }),
});

export const completeUploadRoute = route({
  method: 'POST',
  path: '/videos/{id}/upload/complete',
  operationId: 'completeVideoUpload',
  summary: 'Finishes a multipart upload (files over 100 MiB)',
  auth: 'api-key',
  request: { params: videoPath, body: completeUploadBodySchema },
  responses: { 200: { description: 'The video, uploaded', schema: videoSchema } },
  errorStatuses: [409, 415],
  handle: async ({ params, body, caller, dependencies, deadlineAtMs, signal }) => ({
    status: 200,
    body: await completeUpload({
      tenantId: caller.tenantId,
      videoId: params.id,
      body,
      dependencies,
      deadlineAtMs,
      signal,
    }),
  }),
});

export const processVideoRoute = route({
  method: 'POST',
  path: '/videos/{id}/process',
  operationId: 'processVideo',
  summary: 'Starts processing: the video is queued and its workflow started (a failed one resumes)',
  auth: 'api-key',
  request: { params: videoPath, body: processVideoBodySchema },
  responses: { 202: { description: 'Queued: the run has started', schema: videoSchema } },
  errorStatuses: [409, 415],
  handle: async ({ params, body, caller, dependencies, deadlineAtMs, signal }) => ({
    status: 202,
    body: await processVideo({
      tenantId: caller.tenantId,
      videoId: params.id,
      body,
      dependencies,
      deadlineAtMs,
      signal,
    }),
    headers: { location: `/videos/${params.id}` },
  }),
});

export const cancelVideoRoute = route({
  method: 'POST',
  path: '/videos/{id}/cancel',
  operationId: 'cancelVideo',
  summary: 'Stops the running workflow; the video is failed with a CANCELLED error',
  auth: 'api-key',
  request: { params: videoPath },
  responses: { 200: { description: 'The video, failed (CANCELLED)', schema: videoSchema } },
  errorStatuses: [409],
  handle: async ({ params, caller, dependencies, deadlineAtMs, signal }) => ({
    status: 200,
    body: await cancelVideo({
      tenantId: caller.tenantId,
      videoId: params.id,
      dependencies,
      deadlineAtMs,
      signal,
    }),
  }),
});

export const deleteVideoRoute = route({
  method: 'DELETE',
  path: '/videos/{id}',
  operationId: 'deleteVideo',
  summary:
    'Removes the video, its outputs, clips and upload (a running one only with ?cancel=true)',
  auth: 'api-key',
  request: {
    params: videoPath,
    query: z.object({
      cancel: z
        .enum(['true', 'false'])
        .optional()
        .describe('true: cancel a queued or processing video first instead of answering 409'),
    }),
  },
  responses: { 204: { description: 'Deleted' } },
  errorStatuses: [409],
  handle: async ({ params, query, caller, dependencies, deadlineAtMs, signal }) => {
    await deleteVideo({
      tenantId: caller.tenantId,
      videoId: params.id,
      cancel: query.cancel === 'true',
      dependencies,
      deadlineAtMs,
      signal,
    });
    return { status: 204 };
  },
});

const HLS_CONTENT_TYPE = 'application/vnd.apple.mpegurl';
const DASH_CONTENT_TYPE = 'application/dash+xml';
// Any origin may read a stream answer: each is authorised by a key the page sent itself or by a
// signed link, never by a cookie, so there is nothing a foreign page could borrow.
const streamHeaders = {
  'cache-control': `private, max-age=${STREAM_CACHE_MAX_AGE_SEC}`,
  'access-control-allow-origin': '*',
};
const streamLinkQuerySchema = z.object({
  tenant: z.string().min(1).max(63).optional().describe('The tenant the link was signed for'),
  expires: z.string().max(16).optional().describe('Epoch seconds, as signed'),
  token: z.string().max(64).optional().describe('The HMAC of the link'),
});

export const getHlsMasterRoute = route({
  method: 'GET',
  path: '/videos/{id}/stream/master.m3u8',
  operationId: 'getHlsMasterPlaylist',
  summary:
    'The HLS master playlist, with the API key or by the signed link of GET /videos/{id} (streams.signed.hls); its child playlist links are signed (1 h)',
  auth: 'none',
  request: { params: videoPath, query: streamLinkQuerySchema },
  responses: {
    200: { description: 'The master playlist', contentType: HLS_CONTENT_TYPE, schema: z.string() },
  },
  errorStatuses: [401, 403, 409],
  handle: async ({ params, query, headers, dependencies, signal }) => ({
    status: 200,
    text: await getMasterPlaylist({
      tenantId: await resolveStreamTenant({
        videoId: params.id,
        entry: STREAM_ENTRIES.hls,
        query,
        headers,
        dependencies,
      }),
      videoId: params.id,
      dependencies,
      signal,
    }),
    contentType: HLS_CONTENT_TYPE,
    headers: streamHeaders,
  }),
});

export const getHlsChildPlaylistRoute = route({
  method: 'GET',
  path: '/videos/{id}/stream/{rendition}/{file}',
  operationId: 'getHlsMediaPlaylist',
  summary:
    'A media playlist of the HLS stream, by the signed link in the master (no key); its segments are signed URLs (1 h)',
  auth: 'none',
  request: {
    params: videoPath.extend({
      rendition: z.string().regex(/^[a-z0-9][a-z0-9_-]{0,62}$/),
      file: z.string().regex(/^[a-z0-9][a-z0-9_-]{0,62}\.m3u8$/),
    }),
    query: z.object({
      tenant: z.string().min(1).max(63),
      expires: z.string().max(16).describe('Epoch seconds, as the master wrote it'),
      token: z.string().max(64).describe('The HMAC the master wrote'),
    }),
  },
  responses: {
    200: { description: 'The media playlist', contentType: HLS_CONTENT_TYPE, schema: z.string() },
  },
  errorStatuses: [403, 409],
  handle: async ({ params, query, dependencies, signal }) => ({
    status: 200,
    text: await getChildPlaylist({
      videoId: params.id,
      playlist: `${params.rendition}/${params.file}`,
      link: query,
      dependencies,
      signal,
    }),
    contentType: HLS_CONTENT_TYPE,
    headers: streamHeaders,
  }),
});

export const getDashManifestRoute = route({
  method: 'GET',
  path: '/videos/{id}/stream/manifest.mpd',
  operationId: 'getDashManifest',
  summary:
    'The DASH MPD, with the API key or by the signed link of GET /videos/{id} (streams.signed.dash): every Representation a SegmentList of signed segment URLs (1 h)',
  auth: 'none',
  request: { params: videoPath, query: streamLinkQuerySchema },
  responses: {
    200: { description: 'The MPD', contentType: DASH_CONTENT_TYPE, schema: z.string() },
  },
  errorStatuses: [401, 403, 409],
  handle: async ({ params, query, headers, dependencies, signal }) => ({
    status: 200,
    text: await getDashManifest({
      tenantId: await resolveStreamTenant({
        videoId: params.id,
        entry: STREAM_ENTRIES.dash,
        query,
        headers,
        dependencies,
      }),
      videoId: params.id,
      dependencies,
      signal,
    }),
    contentType: DASH_CONTENT_TYPE,
    headers: streamHeaders,
  }),
});

export const getOpenApiRoute = route({
  method: 'GET',
  path: '/openapi.json',
  operationId: 'getOpenApiDocument',
  summary: 'This API’s OpenAPI 3.1 document',
  auth: 'none',
  request: {},
  responses: { 200: { description: 'The OpenAPI document' } },
  // The checked-in document (a drift test keeps it equal to the routes): no schema conversion here.
  handle: async () => ({ status: 200, body: openApiDocument }),
});

/** Every route of the video API; a new one is imported above and appended here. */
export const videoApiRoutes: ReadonlyArray<HttpRoute<VideoApiDependencies>> = [
  healthRoute,
  createVideoRoute,
  listVideosRoute,
  getVideoRoute,
  completeUploadRoute,
  processVideoRoute,
  cancelVideoRoute,
  deleteVideoRoute,
  getHlsMasterRoute,
  getDashManifestRoute,
  getHlsChildPlaylistRoute,
  getOpenApiRoute,
];
