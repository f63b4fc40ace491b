import { loadConfig, type ReelConfig } from '@reel/config';
import { createFfmpegRuntime, type FfmpegRuntime } from '@reel/ffmpeg-runtime';
import {
  createDynamoManifestStore,
  createLocalManifestStore,
  type ManifestStore,
} from '@reel/manifest';
import { createStorageFromConfig, type MediaStorage } from '@reel/storage';

/** What a service talks to, built once per cold start from the config. */
export interface ServiceDependencies {
  config: ReelConfig;
  storage: MediaStorage;
  manifests: ManifestStore;
  runtime: FfmpegRuntime;
}

/**
 * The same code path for both backends: only the config decides whether media and manifests live
 * in a folder or in S3 + DynamoDB.
 *
 * @example
 * const dependencies = createServiceDependencies(loadConfig(process.env));
 */
export function createServiceDependencies(config: ReelConfig): ServiceDependencies {
  const manifests =
    config.backend === 'local'
      ? createLocalManifestStore({ rootDir: config.mediaStoragePath, env: config.env })
      : createDynamoManifestStore({
          tableName: config.jobsTable,
          env: config.env,
          region: config.region,
          ...(config.dynamoDbEndpoint === undefined ? {} : { endpoint: config.dynamoDbEndpoint }),
        });
  return {
    config,
    storage: createStorageFromConfig(config),
    manifests,
    runtime: createFfmpegRuntime({
      ffmpegPath: config.ffmpegPath,
      ffprobePath: config.ffprobePath,
    }),
  };
}

let cachedDependencies: ServiceDependencies | undefined;

/**
 * The dependencies of this execution environment, from `process.env`, built on the first
 * invocation and kept for warm ones. Handlers only; libs never read the environment.
 */
export function getDefaultDependencies(): ServiceDependencies {
  cachedDependencies ??= createServiceDependencies(loadConfig(process.env));
  return cachedDependencies;
}
