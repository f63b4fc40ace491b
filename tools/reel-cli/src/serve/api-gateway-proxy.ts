import { MethodNotAllowedError, NotFoundError, UnauthorizedError } from '@reel/error-taxonomy';
import type { AuthorizerEvent, AuthorizerResult } from '@reel/http-api';
import type { ServiceName } from '@reel/service-presets';
import type {
  APIGatewayProxyEventV2,
  APIGatewayProxyEventV2WithLambdaAuthorizer,
  APIGatewayProxyStructuredResultV2,
} from 'aws-lambda';
import type { ApiRoute } from '@reel/service-presets';
import { createApiRouteMatcher } from './match-api-route';

/** The response header API Gateway names its request id in; the request log reads it back. */
export const REQUEST_ID_HEADER = 'apigw-requestid';

export interface ApiGatewayProxyOptions {
  routes: readonly ApiRoute[];
  /** The key authorizer (@reel/http-api's `createApiKeyAuthorizer`, as deployed). */
  authorize: (event: AuthorizerEvent) => Promise<AuthorizerResult>;
  /** Runs the route's Lambda with the event (a warm host of its built bundle). */
  invoke: (service: ServiceName, event: APIGatewayProxyEventV2) => Promise<unknown>;
}

/**
 * What API Gateway does between a request and a Lambda, as a handler for @reel/http-api's
 * `createApiGatewayBridge`: selects the route from the table (404/405 as problem+json when none),
 * runs the key authorizer on `api-key` routes (no `Authorization` header: 401 without calling it,
 * as API Gateway answers when the identity source is missing; refused: 401), puts its context
 * in `requestContext.authorizer.lambda` with the route key and path parameters, invokes the
 * route's Lambda and reads its answer as payload format 2.0 does. Thrown errors become
 * problem+json in the bridge.
 *
 * @example
 * const listener = createApiGatewayBridge({ handler: createApiGatewayProxy({ routes, authorize, invoke }) });
 */
export function createApiGatewayProxy({
  routes,
  authorize,
  invoke,
}: ApiGatewayProxyOptions): (
  event: APIGatewayProxyEventV2,
) => Promise<APIGatewayProxyStructuredResultV2> {
  const match = createApiRouteMatcher(routes);
  return async (event) => {
    const { method } = event.requestContext.http;
    const lookup = match(method, event.rawPath);
    if (lookup.found === 'nothing') {
      throw new NotFoundError(`No route ${method} ${event.rawPath}`, {
        advice: `reel serve answers ${routes.map(({ routeKey }) => routeKey).join(', ')}.`,
      });
    }
    if (lookup.found === 'other-methods') {
      throw new MethodNotAllowedError(`${method} is not allowed on ${event.rawPath}`, {
        allowedMethods: lookup.allowedMethods,
      });
    }
    const { route, pathParameters } = lookup;
    const routed: APIGatewayProxyEventV2WithLambdaAuthorizer<Record<string, string>> = {
      ...event,
      routeKey: route.routeKey,
      ...(Object.keys(pathParameters).length === 0 ? {} : { pathParameters }),
      requestContext: {
        ...event.requestContext,
        routeKey: route.routeKey,
        authorizer: { lambda: {} },
      },
    };
    if (route.authorizer === 'api-key') {
      routed.requestContext.authorizer.lambda = await runAuthorizer(authorize, event);
    } else {
      // A public route gets no authorizer context at all, as on AWS.
      delete (routed.requestContext as { authorizer?: unknown }).authorizer;
    }
    const result = toStructuredResult(await invoke(route.service, routed));
    return {
      ...result,
      headers: { ...result.headers, [REQUEST_ID_HEADER]: event.requestContext.requestId },
    };
  };
}

async function runAuthorizer(
  authorize: ApiGatewayProxyOptions['authorize'],
  event: APIGatewayProxyEventV2,
): Promise<Record<string, string>> {
  const authorization = event.headers['authorization'];
  if (authorization === undefined || authorization.trim() === '') {
    throw new UnauthorizedError('This API needs an API key', {
      advice: 'Send Authorization: Bearer <key>; `npx reel keys create --tenant <id>` makes one.',
    });
  }
  const result = await authorize({ identitySource: [authorization], headers: event.headers });
  if (!result.isAuthorized || result.context === undefined) {
    throw new UnauthorizedError('The API key is missing, malformed, unknown or revoked', {
      advice:
        'Send a key of this env that `npx reel keys list --tenant <id>` shows as active, as Authorization: Bearer <key>.',
    });
  }
  return { ...result.context };
}

/**
 * A Lambda's answer as API Gateway (payload format 2.0) reads it: a result with `statusCode` is
 * used as is; anything else is a 200 JSON body, as API Gateway infers it.
 */
export function toStructuredResult(result: unknown): APIGatewayProxyStructuredResultV2 {
  if (typeof result === 'object' && result !== null && 'statusCode' in result) {
    return result as APIGatewayProxyStructuredResultV2;
  }
  return {
    statusCode: 200,
    headers: { 'content-type': 'application/json' },
    body: typeof result === 'string' ? result : JSON.stringify(result ?? null),
  };
}
