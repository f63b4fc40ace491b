import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ApiRoute } from '@reel/service-presets';
import { createReelApp, type ReelAppOptions } from '../reel-app';
import { writeStandInBundles } from './stand-in-bundles';

/**
 * A route table shaped like the one `reel serve` answers once the video API is in it: open health
 * and OpenAPI routes, key routes, and the open signed stream children beside a key route.
 */
export const testApiRoutes: readonly ApiRoute[] = [
  { routeKey: 'GET /health', service: 'video-api', authorizer: 'none' },
  { routeKey: 'GET /openapi.json', service: 'video-api', authorizer: 'none' },
  { routeKey: 'ANY /videos', service: 'video-api', authorizer: 'api-key' },
  { routeKey: 'ANY /videos/{proxy+}', service: 'video-api', authorizer: 'api-key' },
  { routeKey: 'GET /videos/{id}/stream/signed/{proxy+}', service: 'video-api', authorizer: 'none' },
  {
    routeKey: 'ANY /api/v1/audio_clips/{proxy+}',
    service: 'audio-clips-api',
    authorizer: 'api-key',
  },
];

/** The app over stand-in bundles in a temp folder, removed again by `dispose`. */
export function synthesizeReelApp(options: Omit<ReelAppOptions, 'bundlesDir' | 'outdir'> = {}) {
  const workDir = mkdtempSync(join(tmpdir(), 'reel-infra-api-'));
  writeStandInBundles(join(workDir, 'apps'));
  const dispose = () => rmSync(workDir, { recursive: true, force: true });
  try {
    const reel = createReelApp({
      bundlesDir: join(workDir, 'apps'),
      outdir: join(workDir, 'cdk.out'),
      routes: testApiRoutes,
      ...options,
    });
    return { ...reel, dispose };
  } catch (error) {
    dispose();
    throw error;
  }
}
