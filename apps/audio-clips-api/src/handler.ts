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

/** Built once per execution environment, at the first request; a bad config answers 500 each time. */
let built: AudioClipsDependencies | undefined;

export const handler = createAudioClipsHandler(() => {
  built ??= createAudioClipsDependencies(loadConfig(process.env), loadClipSettings(process.env));
  return built;
});
