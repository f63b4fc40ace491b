import type { ServiceName } from './service-presets';

/** The methods of an API Gateway route key; `ANY` is every method. */
export type ApiRouteMethod =
  'ANY' | 'GET' | 'HEAD' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'OPTIONS';

/**
 * One route of the HTTP API, as API Gateway declares it: which Lambda answers it and whether the
 * Lambda authorizer (the tenant API key) runs first. The app's own router then dispatches within
 * its routes, so one entry can cover a whole API with `{proxy+}`.
 */
export interface ApiRoute {
  /**
   * API Gateway's route key: `METHOD /path`, where `{name}` matches one path segment and a last
   * `{name+}` the rest of the path (one segment or more); `ANY` matches every method.
   */
  routeKey: `${ApiRouteMethod} /${string}`;
  /** The app whose built bundle (dist/apps/{service}/index.mjs) answers the route. */
  service: ServiceName;
  /** `api-key`: the key authorizer runs before the app and passes it the tenant; `none`: public. */
  authorizer: 'api-key' | 'none';
}

/**
 * The routes of reel's HTTP API: `reel serve` answers them locally and the infra app declares them
 * on API Gateway, both from this table. A new API (or a route of one) is a row here, nothing else:
 * the server matches, authorizes and invokes from this data. `GET /openapi.json` is the video-api's
 * document (the API's root document); the audio-clips-api keeps its own, not routed at the root.
 */
export const apiRoutes: readonly ApiRoute[] = [
  { routeKey: 'GET /health', service: 'video-api', authorizer: 'none' },
  { routeKey: 'GET /openapi.json', service: 'video-api', authorizer: 'none' },
  { routeKey: 'ANY /videos', service: 'video-api', authorizer: 'api-key' },
  { routeKey: 'ANY /videos/{proxy+}', service: 'video-api', authorizer: 'api-key' },
  // Streams play from signed links alone (a player cannot add a header to every request
  // portably, a browser should not hold the key): no authorizer here; the video-api checks the
  // link's token, or the key when the master or MPD is asked for with one.
  { routeKey: 'GET /videos/{id}/stream/{proxy+}', service: 'video-api', authorizer: 'none' },
  {
    routeKey: 'ANY /api/v1/audio_clips/{proxy+}',
    service: 'audio-clips-api',
    authorizer: 'api-key',
  },
];

/** The services a route table names, each once, in table order. */
export function servicesOf(routes: readonly ApiRoute[]): ServiceName[] {
  return [...new Set(routes.map(({ service }) => service))];
}
