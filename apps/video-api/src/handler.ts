import { loadConfig } from '@reel/config';
import { createApiKeyAuthorizer, createHttpHandler, type HttpHandler } from '@reel/http-api';
import { createVideoApiDependencies, type VideoApiDependencies } from './video-api-dependencies';
import { videoApiRoutes } from './video-api-routes';

/**
 * The video API (`/health`, `/videos…`, `/openapi.json`) on the shared HTTP frame: key checked,
 * request validated, errors as problem+json, one log line per request.
 *
 * @example
 * const handler = createVideoApiHandler(() => dependencies);
 * const result = await handler(apiGatewayV2Event, lambdaContext);
 */
export function createVideoApiHandler(dependencies: () => VideoApiDependencies): HttpHandler {
  return createHttpHandler({
    service: 'video-api',
    routes: videoApiRoutes,
    setup: () => {
      const built = dependencies();
      return {
        verifyApiKey: built.apiKeys.verifyApiKey,
        logger: built.logger,
        dependencies: built,
      };
    },
  });
}

/**
 * Built at import, in Lambda's init phase (as every reel service builds its dependencies); a build
 * that throws (a bad config) is kept and answers 500 on every request instead of failing the import.
 */
function buildAtImport(): () => VideoApiDependencies {
  try {
    const built = createVideoApiDependencies(loadConfig(process.env));
    return () => built;
  } catch (error) {
    return () => {
      throw error;
    };
  }
}

const dependencies = buildAtImport();

export const handler = createVideoApiHandler(dependencies);

/**
 * The HTTP API's Lambda REQUEST authorizer, from the same bundle (the infra app points a second
 * function at `index.authorizer`): the same key check the frame runs without one.
 */
export const authorizer = createApiKeyAuthorizer(() => dependencies().apiKeys.verifyApiKey);
