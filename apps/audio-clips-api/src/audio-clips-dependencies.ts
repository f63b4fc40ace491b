import { createApiKeysFromConfig, type ApiKeys } from '@reel/api-keys';
import type { ReelConfig } from '@reel/config';
import type { FfmpegRuntime } from '@reel/ffmpeg-runtime';
import { jobsTableOptionsFromConfig } from '@reel/jobs-table';
import { createServiceDependencies } from '@reel/lambda-kit';
import type { ManifestStore } from '@reel/manifest';
import type { ServiceObservability } from '@reel/observability';
import type { MediaStorage } from '@reel/storage';
import type { ClipRecordStore } from './clip-record';
import type { ClipSettings } from './clip-settings';
import { createDynamoClipRecordStore } from './dynamo-clip-record-store';
import { createEpisodeSpans, type EpisodeSpans } from './episode-spans';
import { createGenerationSlots, type GenerationSlots } from './generation-slots';
import { createLocalClipRecordStore } from './local-clip-record-store';

/** What the audio-clips API talks to, built once per execution environment. */
export interface AudioClipsDependencies {
  config: ReelConfig;
  storage: MediaStorage;
  manifests: ManifestStore;
  runtime: FfmpegRuntime;
  apiKeys: ApiKeys;
  clipRecords: ClipRecordStore;
  slots: GenerationSlots;
  /** Episode seek indexes (memory, then storage): a cut reads only its byte range. */
  episodeSpans: EpisodeSpans;
  settings: ClipSettings;
  logger: ServiceObservability['logger'];
}

/**
 * The API's dependencies from the loaded config and its own settings: storage, manifests, ffmpeg
 * and observability as every service has them (@reel/lambda-kit), the API keys and the clip records
 * on the same backend (a folder, or the jobs table), the process's generation slots and its cache
 * of episode seek indexes.
 *
 * @example
 * const dependencies = createAudioClipsDependencies(loadConfig(process.env), loadClipSettings(process.env));
 */
export function createAudioClipsDependencies(
  config: ReelConfig,
  settings: ClipSettings,
  overrides: { runtime?: FfmpegRuntime } = {},
): AudioClipsDependencies {
  const service = createServiceDependencies(config, { service: 'audio-clips-api' });
  const { tracer, logger } = service.serviceObservability;
  const instrumentClient = <T>(client: T): T => tracer.captureAWSv3Client(client);
  return {
    config,
    storage: service.storage,
    manifests: service.manifests,
    runtime: overrides.runtime ?? service.runtime,
    apiKeys: createApiKeysFromConfig(config, { instrumentClient }),
    clipRecords:
      config.backend === 'local'
        ? createLocalClipRecordStore({ rootDir: config.mediaStoragePath })
        : createDynamoClipRecordStore(jobsTableOptionsFromConfig(config, { instrumentClient })),
    slots: createGenerationSlots({ limit: settings.maxConcurrentCuts }),
    episodeSpans: createEpisodeSpans({ storage: service.storage, logger }),
    settings,
    logger,
  };
}
