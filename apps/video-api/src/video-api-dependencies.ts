import { createApiKeysFromConfig, type ApiKeys } from '@reel/api-keys';
import type { ReelConfig } from '@reel/config';
import type { FfmpegRuntime } from '@reel/ffmpeg-runtime';
import { createServiceDependencies } from '@reel/lambda-kit';
import type { ManifestStore } from '@reel/manifest';
import type { ServiceObservability } from '@reel/observability';
import {
  createUploadStorageFromConfig,
  type MediaStorage,
  urlSigningSecretSource,
} from '@reel/storage';
import { ConfigInvalidError } from '@reel/error-taxonomy';
import type { TenantSettingsStore } from '@reel/tenant-settings';
import { createWorkflowStarterFromConfig, type WorkflowStarter } from '@reel/workflow';

/** What the video API talks to, built once per execution environment. */
export interface VideoApiDependencies {
  config: ReelConfig;
  /** The media area: each job's input and outputs. */
  storage: MediaStorage;
  /** The upload area (`REEL_UPLOAD_BUCKET`, locally `REEL_UPLOAD_PATH`): where clients put files. */
  uploads: MediaStorage;
  manifests: ManifestStore;
  tenantSettings: TenantSettingsStore;
  runtime: FfmpegRuntime;
  apiKeys: ApiKeys;
  logger: ServiceObservability['logger'];
  /** Starts and stops processing runs: Step Functions on AWS, `reel serve`'s workflow locally. */
  starter: WorkflowStarter;
  /** The HMAC key of stream playlist links: the URL signing secret (see {@link streamSigningSecretOf}). */
  streamSigningSecret: () => Promise<string>;
}

/** Parts a test (or a tool) gives instead of the ones the config describes. */
export interface VideoApiDependencyOverrides {
  runtime?: FfmpegRuntime;
  uploads?: MediaStorage;
  starter?: WorkflowStarter;
}

/**
 * The API's dependencies from the loaded config: storage, manifests, tenant settings, ffmpeg and
 * observability as every service has them (@reel/lambda-kit), the upload area, and the API keys
 * on the same backend as the manifests.
 *
 * @example
 * const dependencies = createVideoApiDependencies(loadConfig(process.env));
 */
export function createVideoApiDependencies(
  config: ReelConfig,
  overrides: VideoApiDependencyOverrides = {},
): VideoApiDependencies {
  const service = createServiceDependencies(config, { service: 'video-api' });
  const { tracer, logger } = service.serviceObservability;
  const instrumentClient = <T>(client: T): T => tracer.captureAWSv3Client(client);
  return {
    config,
    storage: service.storage,
    uploads: overrides.uploads ?? createUploadStorageFromConfig(config, { instrumentClient }),
    manifests: service.manifests,
    tenantSettings: service.tenantSettings,
    runtime: overrides.runtime ?? service.runtime,
    apiKeys: createApiKeysFromConfig(config, { instrumentClient }),
    logger,
    starter: overrides.starter ?? createWorkflowStarterFromConfig(config, { instrumentClient }),
    streamSigningSecret: streamSigningSecretOf(config),
  };
}

/**
 * The secret stream links are signed with, read once: `REEL_URL_SIGNING_SECRET` when set (on AWS
 * it must be, or stream routes answer CONFIG_INVALID); locally otherwise the one kept in the media
 * root, which `reel serve` and its hosts share with the signed object URLs.
 */
function streamSigningSecretOf(config: ReelConfig): () => Promise<string> {
  const configured = config.urlSigningSecret;
  if (configured !== undefined) return () => Promise.resolve(configured);
  if (config.backend === 'aws') {
    return () =>
      Promise.reject(
        new ConfigInvalidError('REEL_URL_SIGNING_SECRET is required to sign stream links on AWS', {
          advice: 'Give the video API REEL_URL_SIGNING_SECRET (32–512 printable characters).',
        }),
      );
  }
  return urlSigningSecretSource({ rootDir: config.mediaStoragePath });
}
