import { loadConfig } from '@reel/config';
import { createHttpHandler, type HttpHandler } from '@reel/http-api';
import {
  createAudioClipsDependencies,
  type AudioClipsDependencies,
} from './audio-clips-dependencies';
import { audioClipsRoutes } from './audio-clips-routes';
import { loadClipSettings } from './clip-settings';

/**
 * The audio-clips API (`GET /api/v1/audio_clips/{episode_id}`, `GET /openapi.json`) on the shared
 * HTTP frame: key checked, request validated, errors as problem+json, one log line per request.
 *
 * @example
 * const handler = createAudioClipsHandler(() => dependencies);
 * const result = await handler(apiGatewayV2Event, lambdaContext);
 */
export function createAudioClipsHandler(dependencies: () => AudioClipsDependencies): HttpHandler {
  return createHttpHandler({
    service: 'audio-clips-api',
    routes: audioClipsRoutes,
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
function buildAtImport(): () => AudioClipsDependencies {
  try {
    const built = createAudioClipsDependencies(
      loadConfig(process.env),
      loadClipSettings(process.env),
    );
    return () => built;
  } catch (error) {
    return () => {
      throw error;
    };
  }
}

export const handler = createAudioClipsHandler(buildAtImport());
