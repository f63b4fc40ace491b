import { join } from 'node:path';
import { loadConfig, type ReelConfig } from '@reel/config';
import { createManifestStoreFromConfig, type ManifestStore } from '@reel/manifest';
import { createStorageFromConfig, type MediaStorage } from '@reel/storage';

/** What the CLI's commands read and write: the config's storage and manifests, nothing else. */
export interface CliDependencies {
  config: ReelConfig;
  storage: MediaStorage;
  manifests: ManifestStore;
}

/** From this process's environment, with `--env` (when given) in place of `REEL_ENV`. */
export function loadCliDependencies(envOverride: string | undefined): CliDependencies {
  const config = loadConfig({
    ...process.env,
    ...(envOverride === undefined ? {} : { REEL_ENV: envOverride }),
  });
  return {
    config,
    storage: createStorageFromConfig(config),
    manifests: createManifestStoreFromConfig(config),
  };
}

/** Where a key is for a person: a path on the local backend, an `s3://` URL on AWS. */
export function describeLocation(config: ReelConfig, key: string): string {
  return config.backend === 'local'
    ? join(config.mediaStoragePath, key)
    : `s3://${config.bucket}/${key}`;
}
