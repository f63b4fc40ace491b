import type { ReelConfig } from '@reel/config';
import { createFfmpegRuntime, type FfmpegRuntime } from '@reel/ffmpeg-runtime';
import { createManifestStoreFromConfig, type ManifestStore } from '@reel/manifest';
import { createServiceObservability, type ServiceObservability } from '@reel/observability';
import { createStorageFromConfig, type MediaStorage } from '@reel/storage';
import { rehearseStepFrame } from './rehearse-step-frame';
import {
  createTenantSettingsStoreFromConfig,
  type TenantSettingsStore,
} from '@reel/tenant-settings';

/** What a service talks to, built once per execution environment (cold start) from the config. */
export interface ServiceDependencies {
  config: ReelConfig;
  storage: MediaStorage;
  manifests: ManifestStore;
  /** Each tenant's settings (guardrail overrides, render and ladder defaults, branding). */
  tenantSettings: TenantSettingsStore;
  runtime: FfmpegRuntime;
  /** The environment's Logger, Metrics and Tracer; each invocation runs with its own keys on them. */
  serviceObservability: ServiceObservability;
}

export interface CreateServiceDependenciesOptions {
  /** The service these dependencies serve: the Logger's and Tracer's name. Default `reel`. */
  service?: string;
}

/**
 * The same code path for both backends: only the config decides whether media and manifests live
 * in a folder or in S3 + DynamoDB. Observability is created first, so the S3 and DynamoDB clients
 * are traced (`captureAWSv3Client`) when `ENABLE_XRAY=true`. Apps call it from their handler file
 * with `loadConfig(process.env)`; libs never read the environment.
 *
 * @example
 * export const handler = createStepHandler({
 *   service: 'audio-extraction', step: 'audio-extraction', optionsSchema, run,
 *   dependencies: buildAtInit(() => createServiceDependencies(loadConfig(process.env), { service: 'audio-extraction' })),
 * });
 */
export function createServiceDependencies(
  config: ReelConfig,
  { service = 'reel' }: CreateServiceDependenciesOptions = {},
): ServiceDependencies {
  const serviceObservability = createServiceObservability({
    service,
    namespace: config.metricsNamespace,
    tracingEnabled: config.tracingEnabled,
    logLevel: toObservabilityLogLevel(config.logLevel),
  });
  const { tracer } = serviceObservability;
  const instrumentClient = <T>(client: T): T => tracer.captureAWSv3Client(client);
  return {
    config,
    storage: createStorageFromConfig(config, { instrumentClient }),
    manifests: createManifestStoreFromConfig(config, { instrumentClient }),
    tenantSettings: createTenantSettingsStoreFromConfig(config, { instrumentClient }),
    runtime: createFfmpegRuntime({
      ffmpegPath: config.ffmpegPath,
      ffprobePath: config.ffprobePath,
      fontsDir: config.fontsDir,
    }),
    serviceObservability,
  };
}

/**
 * Builds the dependencies now, in Lambda's init phase (module scope, as Powertools' docs create
 * their Logger and Metrics), and returns what the handler frame calls on its first invocation. A
 * warm host that imports the bundle ahead of its first event (Lambda's init, the local host pool's
 * warm-up) pays config, Logger, Metrics and the clients there, off the invocation. A build that
 * throws (a bad config's ConfigInvalidError) is remembered and thrown on the first invocation and
 * every later one, exactly as a build on the first invocation would: the import never fails. A
 * successful build also starts {@link rehearseStepFrame} (not awaited; priming, as SnapStart's
 * hooks do): one step frame walked on a throwaway local backend, so the first Task runs warm code
 * (measured: 50–60 ms less CPU in a fresh host's first Task).
 *
 * @example
 * export const handler = createAudioExtractionHandler(
 *   buildAtInit(() => createServiceDependencies(loadConfig(process.env), { service: 'audio-extraction' })),
 * );
 */
export function buildAtInit(
  build: () => ServiceDependencies,
  { rehearse = true }: BuildAtInitOptions = {},
): () => ServiceDependencies {
  let built: ServiceDependencies;
  try {
    built = build();
  } catch (error) {
    return () => {
      throw error;
    };
  }
  // Not awaited: it runs while the environment waits for its first event (never rejects), and
  // stops at its next stage when that event comes, so it never shares the thread with real work.
  const firstInvocation = new AbortController();
  if (rehearse) void rehearseStepFrame(built.config, { signal: firstInvocation.signal });
  return () => {
    firstInvocation.abort();
    return built;
  };
}

export interface BuildAtInitOptions {
  /**
   * Also walk the handler frame's code paths once on a throwaway local backend in a scratch dir
   * ({@link rehearseStepFrame}), so the first Task runs warm code. Default `true`.
   */
  rehearse?: boolean;
}

/** Powertools' four levels from reel's LOG_LEVEL (TRACE → DEBUG; CRITICAL, SILENT → ERROR). */
export function toObservabilityLogLevel(level: string): 'DEBUG' | 'INFO' | 'WARN' | 'ERROR' {
  if (level === 'TRACE' || level === 'DEBUG') return 'DEBUG';
  if (level === 'WARN') return 'WARN';
  if (level === 'ERROR' || level === 'CRITICAL' || level === 'SILENT') return 'ERROR';
  return 'INFO';
}
