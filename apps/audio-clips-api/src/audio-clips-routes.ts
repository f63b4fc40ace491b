import { defineRoute, type HttpRoute } from '@reel/http-api';
import type { AudioClipsDependencies } from './audio-clips-dependencies';
import { clipPathSchema, clipQuerySchema, clipResponseSchema } from './clip-request';
import { getAudioClip } from './get-audio-clip';
import openApiDocument from '../openapi.json';

const route = defineRoute<AudioClipsDependencies>();

export const getAudioClipRoute = route({
  method: 'GET',
  path: '/api/v1/audio_clips/{episode_id}',
  operationId: 'getAudioClip',
  summary: 'An MP3 clip of an episode, cut to the millisecond and cached',
  auth: 'api-key',
  request: { params: clipPathSchema, query: clipQuerySchema },
  responses: { 200: { description: 'A URL to the clip, valid 24 h', schema: clipResponseSchema } },
  errorStatuses: [429],
  handle: async ({ params, query, caller, dependencies, deadlineAtMs, signal }) => ({
    status: 200,
    body: await getAudioClip({
      tenantId: caller.tenantId,
      episodeId: params.episode_id,
      startMs: query.start_time_ms,
      durationMs: query.duration_ms,
      dependencies,
      deadlineAtMs,
      signal,
    }),
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

export const audioClipsRoutes: ReadonlyArray<HttpRoute<AudioClipsDependencies>> = [
  getAudioClipRoute,
  getOpenApiRoute,
];
