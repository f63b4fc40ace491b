import { describe, expect, it } from 'vitest';
import { apiRoutes, type ApiRoute } from '@reel/service-presets';
import { createApiRouteMatcher } from './match-api-route';

/** The table with the video-api's routes as they will be added: a public route and method checks. */
const routesWithVideoApi: readonly ApiRoute[] = [
  ...apiRoutes,
  { routeKey: 'GET /health', service: 'video-api', authorizer: 'none' },
  { routeKey: 'GET /openapi.json', service: 'video-api', authorizer: 'none' },
  { routeKey: 'ANY /videos', service: 'video-api', authorizer: 'api-key' },
  { routeKey: 'ANY /videos/{proxy+}', service: 'video-api', authorizer: 'api-key' },
];

describe('Function: createApiRouteMatcher', () => {
  const match = createApiRouteMatcher(routesWithVideoApi);

  it('sends every path under the clips prefix to audio-clips-api with the rest as proxy', () => {
    // Act
    const lookup = match('GET', '/api/v1/audio_clips/ep-1');

    // Assess
    expect(lookup).toEqual({
      found: 'route',
      route: expect.objectContaining({ service: 'audio-clips-api', authorizer: 'api-key' }),
      pathParameters: { proxy: 'ep-1' },
    });
  });

  it('finds nothing for the bare prefix, which a greedy variable needs a segment after', () => {
    expect(match('GET', '/api/v1/audio_clips/')).toEqual({ found: 'nothing' });
    expect(match('GET', '/api/v1/audio_clips')).toEqual({ found: 'nothing' });
  });

  it('answers the methods a path has when the request uses another one', () => {
    expect(match('DELETE', '/health')).toEqual({
      found: 'other-methods',
      allowedMethods: ['GET'],
    });
  });

  it('prefers an exact path to a greedy one and a route of the method to ANY', () => {
    // Prepare
    const routes: ApiRoute[] = [
      { routeKey: 'ANY /videos/{proxy+}', service: 'video-api', authorizer: 'api-key' },
      { routeKey: 'ANY /videos/{id}/stream', service: 'video-api', authorizer: 'api-key' },
      { routeKey: 'GET /videos/{id}/stream', service: 'audio-clips-api', authorizer: 'none' },
    ];
    const matchOwn = createApiRouteMatcher(routes);

    // Act
    const get = matchOwn('GET', '/videos/v1/stream');
    const post = matchOwn('POST', '/videos/v1/stream');
    const deeper = matchOwn('GET', '/videos/v1/stream/master.m3u8');

    // Assess
    expect(get).toMatchObject({ route: routes[2], pathParameters: { id: 'v1' } });
    expect(post).toMatchObject({ route: routes[1], pathParameters: { id: 'v1' } });
    expect(deeper).toMatchObject({
      route: routes[0],
      pathParameters: { proxy: 'v1/stream/master.m3u8' },
    });
  });

  it('decodes path parameters as API Gateway does and keeps a malformed escape as sent', () => {
    expect(match('GET', '/api/v1/audio_clips/ep%2D1')).toMatchObject({
      pathParameters: { proxy: 'ep-1' },
    });
    expect(match('GET', '/api/v1/audio_clips/ep%E0')).toMatchObject({
      pathParameters: { proxy: 'ep%E0' },
    });
  });

  it('treats regular expression characters of a route literally', () => {
    expect(match('GET', '/openapiXjson')).toEqual({ found: 'nothing' });
    expect(match('GET', '/openapi.json')).toMatchObject({ found: 'route' });
  });
});
