import { Router } from '@aws-lambda-powertools/event-handler/http';
import {
  MethodNotAllowedError,
  NotFoundError,
  isReelError,
  toProblemResponse,
} from '@reel/error-taxonomy';
import type {
  APIGatewayProxyEventV2,
  APIGatewayProxyStructuredResultV2,
  Context,
} from 'aws-lambda';
import { authenticateRequest, type VerifyApiKey } from './authenticate-request';
import type { HttpResult, HttpRoute } from './http-route';
import { parseRequest } from './parse-request';
import { createRouteMatcher, toRouterPath } from './route-matcher';

/** The structured logger the frame writes to: Powertools' Logger fits. */
export interface RequestLogger {
  info(message: string, attributes: Record<string, unknown>): void;
  error(message: string, attributes: Record<string, unknown>): void;
}

/** What the frame needs at the first request, built once (see {@link CreateHttpHandlerOptions.setup}). */
export interface HttpApiSetup<Dependencies> {
  verifyApiKey: VerifyApiKey;
  logger: RequestLogger;
  dependencies: Dependencies;
}

export interface CreateHttpHandlerOptions<Dependencies> {
  /** The app's name, on every log line. */
  service: string;
  routes: ReadonlyArray<HttpRoute<Dependencies>>;
  /** Called once, at the first request; a throw answers that request (and every later one) 500. */
  setup: () => HttpApiSetup<Dependencies>;
  /** Kept off the Lambda's remaining time for the answer itself. Default 1000. */
  deadlineMarginMs?: number;
}

/** The Lambda context the frame reads: the request id and the remaining time. */
export interface HttpLambdaContext {
  awsRequestId: string;
  getRemainingTimeInMillis(): number;
}

export type HttpHandler = (
  event: APIGatewayProxyEventV2,
  context: HttpLambdaContext,
) => Promise<APIGatewayProxyStructuredResultV2>;

/** What one request's line in the log says beyond method, path and status. */
interface RequestNotes {
  route?: string;
  tenantId?: string;
  error?: unknown;
}

/**
 * The frame of every reel API Lambda (API Gateway v2 events): Powertools' HTTP router dispatches
 * to the routes; each route's caller comes from the API key (or the Lambda authorizer) on
 * `auth: 'api-key'` routes, its path, query and body are validated with its zod schemas
 * (InvalidRequestError 400 listing every field), and whatever is thrown becomes an
 * `application/problem+json` answer through `toProblemResponse` (a 5xx logs the original error
 * first). An unknown path is 404, a known path with another method 405 with `Allow`. One
 * structured line is logged per request (method, path, route, status, duration, tenant, error code).
 *
 * @example
 * export const handler = createHttpHandler({
 *   service: 'audio-clips-api',
 *   routes: audioClipsRoutes,
 *   setup: () => ({ verifyApiKey: apiKeys.verifyApiKey, logger, dependencies }),
 * });
 */
export function createHttpHandler<Dependencies>({
  service,
  routes,
  setup,
  deadlineMarginMs = 1_000,
}: CreateHttpHandlerOptions<Dependencies>): HttpHandler {
  const router = new Router({ logger: quietRouterLogger });
  const matcher = createRouteMatcher(routes);
  const notes = new WeakMap<object, RequestNotes>();
  let built: { setup: HttpApiSetup<Dependencies> } | { error: unknown } | undefined;

  const setupNow = (): HttpApiSetup<Dependencies> => {
    if (built === undefined) {
      try {
        built = { setup: setup() };
      } catch (error) {
        built = { error };
      }
    }
    if ('error' in built) throw built.error;
    return built.setup;
  };

  for (const route of routes) {
    router.route(
      async ({ event, context, params }) => {
        const requestNotes: RequestNotes = { route: `${route.method} ${route.path}` };
        notes.set(event, requestNotes);
        try {
          const result = await runRoute(route, event as APIGatewayProxyEventV2, context, {
            params,
            setup: setupNow(),
            notes: requestNotes,
            deadlineMarginMs,
          });
          return toWebResponse(result);
        } catch (error) {
          requestNotes.error = error;
          return toProblemWebResponse(error, event as APIGatewayProxyEventV2);
        }
      },
      { method: route.method, path: toRouterPath(route.path) },
    );
  }
  router.notFound(async (_error, { event }) => {
    const path = (event as APIGatewayProxyEventV2).rawPath;
    const allowedMethods = matcher.allowedMethods(path);
    const error =
      allowedMethods.length > 0
        ? new MethodNotAllowedError(
            `${(event as APIGatewayProxyEventV2).requestContext.http.method} is not allowed on ${path}`,
            { allowedMethods },
          )
        : new NotFoundError(`No route ${path}`, {
            advice: 'Check the path against the API document (GET /openapi.json).',
          });
    notes.set(event, { error });
    return toProblemWebResponse(error, event as APIGatewayProxyEventV2);
  });

  return async (event, context) => {
    const startedAt = performance.now();
    // Powertools reads only the request id and remaining time of the context it is given.
    const result = await router.resolve(event, context as Context);
    const requestNotes = notes.get(event) ?? {};
    const statusCode = result.statusCode ?? 200;
    let logger: RequestLogger = fallbackLogger;
    try {
      logger = setupNow().logger;
    } catch {
      // The setup's own failure was answered (500) and is logged below on stdout/stderr.
    }
    const { error } = requestNotes;
    if (error !== undefined && statusCode >= 500) {
      logger.error('Request failed', { service, requestId: context.awsRequestId, error });
    }
    logger.info('Request', {
      service,
      requestId: context.awsRequestId,
      method: event.requestContext.http.method,
      path: event.rawPath,
      route: requestNotes.route,
      status: statusCode,
      durationMs: Math.round(performance.now() - startedAt),
      ...(requestNotes.tenantId === undefined ? {} : { tenantId: requestNotes.tenantId }),
      ...(error === undefined ? {} : { errorCode: isReelError(error) ? error.code : 'INTERNAL' }),
    });
    return result;
  };
}

async function runRoute<Dependencies>(
  route: HttpRoute<Dependencies>,
  event: APIGatewayProxyEventV2,
  context: HttpLambdaContext,
  {
    params: pathParams,
    setup,
    notes,
    deadlineMarginMs,
  }: {
    /** The router's match of the path (API Gateway's own `pathParameters` is absent on `$default`). */
    params: Record<string, string>;
    setup: HttpApiSetup<Dependencies>;
    notes: RequestNotes;
    deadlineMarginMs: number;
  },
): Promise<HttpResult> {
  const caller =
    route.auth === 'api-key' ? await authenticateRequest(event, setup.verifyApiKey) : undefined;
  if (caller !== undefined) notes.tenantId = caller.tenantId;
  const headers = lowerCaseHeaders(event.headers);
  const { params, query, body } = parseRequest(route.request, {
    params: pathParams,
    query: event.queryStringParameters ?? {},
    headers,
    body: event.body,
    isBase64Encoded: event.isBase64Encoded,
  });
  const remainingMs = Math.max(0, context.getRemainingTimeInMillis() - deadlineMarginMs);
  return route.handle({
    params,
    query,
    body,
    caller,
    dependencies: setup.dependencies,
    headers,
    requestId: context.awsRequestId,
    deadlineAtMs: Date.now() + remainingMs,
    signal: AbortSignal.timeout(remainingMs),
  } as Parameters<HttpRoute<Dependencies>['handle']>[0]);
}

function toWebResponse(result: HttpResult): Response {
  if ('text' in result) {
    const { status, text, contentType, headers = {} } = result;
    return new Response(text, { status, headers: { ...headers, 'content-type': contentType } });
  }
  const { status, body, headers = {} } = result;
  if (body === undefined) return new Response(null, { status, headers });
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json', ...headers },
  });
}

function toProblemWebResponse(error: unknown, event: APIGatewayProxyEventV2): Response {
  const { status, headers, body } = toProblemResponse(error, { instance: event.rawPath });
  return new Response(JSON.stringify(body), { status, headers });
}

function lowerCaseHeaders(
  headers: Record<string, string | undefined> | undefined,
): Record<string, string> {
  const lowered: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (value !== undefined) lowered[name.toLowerCase()] = value;
  }
  return lowered;
}

/** The frame logs every request itself; the router's own lines would only repeat them. */
const quietRouterLogger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};

/** Where the request line goes when the app's setup itself failed (no Logger was built). */
const fallbackLogger: RequestLogger = {
  info: (message, attributes) => {
    process.stdout.write(`${JSON.stringify({ level: 'INFO', message, ...attributes })}\n`);
  },
  error: (message, attributes) => {
    const { error, ...rest } = attributes;
    const line = { level: 'ERROR', message, ...rest, error: String(error) };
    process.stderr.write(`${JSON.stringify(line)}\n`);
  },
};
