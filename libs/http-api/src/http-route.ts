import type * as z from 'zod';

/** The methods a reel API route answers. */
export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** Who called: the tenant and key id a verified API key (or the Lambda authorizer) named. */
export interface ApiCaller {
  tenantId: string;
  keyId: string;
}

/** The zod schemas a route validates its request with; each is also its OpenAPI description. */
export interface HttpRouteRequest {
  /** Path parameters, one key per `{name}` in the path. */
  params?: z.ZodObject;
  /** Query parameters (API Gateway joins a repeated one with commas). */
  query?: z.ZodObject;
  /** The JSON body; a route with one refuses any other content type (415). */
  body?: z.ZodType;
}

/** One documented answer of a route (OpenAPI `responses`). */
export interface HttpRouteResponse {
  description: string;
  /** The body's schema; absent: no body described. */
  schema?: z.ZodType;
  /** The body's media type when it is not JSON (a text answer, {@link HttpTextResult}). */
  contentType?: string;
}

/** What a route handler returns: a JSON body (or none) with its status. */
export interface HttpJsonResult {
  status: number;
  /** Serialised as JSON (`application/json`); absent: no body. */
  body?: unknown;
  headers?: Record<string, string>;
}

/** What a route handler returns for a body that is not JSON: text sent as is, with its type. */
export interface HttpTextResult {
  status: number;
  /** e.g. an HLS playlist or a DASH MPD. */
  text: string;
  /** The `Content-Type` of `text`, e.g. `application/vnd.apple.mpegurl`. */
  contentType: string;
  headers?: Record<string, string>;
}

/** A JSON answer ({@link HttpJsonResult}) or a text one ({@link HttpTextResult}). */
export type HttpResult = HttpJsonResult | HttpTextResult;

type Parsed<T> = T extends z.ZodType ? z.output<T> : Record<string, never>;

/** What a route's `handle` receives: the validated request, the caller and the app's dependencies. */
export interface HttpRouteContext<Request extends HttpRouteRequest, Caller, Dependencies> {
  params: Parsed<Request['params']>;
  query: Parsed<Request['query']>;
  body: Request['body'] extends z.ZodType ? z.output<Request['body']> : undefined;
  /** The verified caller on `auth: 'api-key'` routes; `undefined` on public ones. */
  caller: Caller;
  dependencies: Dependencies;
  /** Lower-cased request headers. */
  headers: Readonly<Record<string, string>>;
  requestId: string;
  /** The Lambda's remaining time minus the frame's margin, as an instant (epoch ms). */
  deadlineAtMs: number;
  /** Aborts at `deadlineAtMs`. */
  signal: AbortSignal;
}

/** A route: method, path, schemas, documented responses and the code that answers it. */
export interface HttpRoute<
  Dependencies = unknown,
  Request extends HttpRouteRequest = HttpRouteRequest,
  Auth extends 'api-key' | 'none' = 'api-key' | 'none',
> {
  method: HttpMethod;
  /** OpenAPI style: `/api/v1/audio_clips/{episode_id}`. */
  path: `/${string}`;
  operationId: string;
  summary: string;
  /** `api-key`: a tenant key is required (401 otherwise) and names the tenant. */
  auth: Auth;
  request: Request;
  /** Success answers by status; error answers are problem+json and documented by the frame. */
  responses: Record<number, HttpRouteResponse>;
  /** Error statuses this route answers besides 401/404/405/500, listed in the OpenAPI document. */
  errorStatuses?: readonly number[];
  // A method, not a property: its parameter is bivariant, so routes with their own schemas fit in
  // one `HttpRoute<Dependencies>[]`.
  handle(
    context: HttpRouteContext<
      Request,
      Auth extends 'api-key' ? ApiCaller : undefined,
      Dependencies
    >,
  ): Promise<HttpResult>;
}

/**
 * Declares a route with its types inferred from its schemas, so `handle` sees parsed values.
 *
 * @example
 * const getClip = defineRoute<ClipDependencies>()({
 *   method: 'GET', path: '/api/v1/audio_clips/{episode_id}', operationId: 'getAudioClip',
 *   summary: 'A clip of an episode', auth: 'api-key',
 *   request: { params: z.object({ episode_id: z.string() }), query: clipQuerySchema },
 *   responses: { 200: { description: 'The clip', schema: clipResponseSchema } },
 *   handle: async ({ params, query, caller, dependencies }) => ({ status: 200, body: … }),
 * });
 */
export function defineRoute<Dependencies>() {
  return <const Request extends HttpRouteRequest, const Auth extends 'api-key' | 'none'>(
    route: HttpRoute<Dependencies, Request, Auth>,
  ): HttpRoute<Dependencies, Request, Auth> => route;
}
