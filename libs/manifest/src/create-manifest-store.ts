import type { ReelConfig } from '@reel/config';
import { jobsTableOptionsFromConfig } from '@reel/jobs-table';
import { createDynamoManifestStore } from './dynamo-manifest-store';
import { createLocalManifestStore } from './local-manifest-store';
import type { ManifestStore } from './manifest-store';

/**
 * The manifest store the config names: `manifest.json` files under `MEDIA_STORAGE_PATH` on the
 * local backend, the jobs table on AWS. Creating it loads no AWS code (that waits for first use).
 *
 * @example
 * const manifests = createManifestStoreFromConfig(loadConfig(process.env));
 */
export function createManifestStoreFromConfig(
  config: ReelConfig,
  { instrumentClient }: { instrumentClient?: <T>(client: T) => T } = {},
): ManifestStore {
  if (config.backend === 'local') {
    return createLocalManifestStore({ rootDir: config.mediaStoragePath, env: config.env });
  }
  return createDynamoManifestStore({
    env: config.env,
    ...jobsTableOptionsFromConfig(config, { instrumentClient }),
  });
}
