import { toErrorInfo } from '@reel/error-taxonomy';
import { sweepStaleScratch } from '@reel/ffmpeg-runtime';
import { withInvocation } from '@reel/observability';
import type { ServiceName } from '@reel/service-presets';
import type { ServiceDependencies } from './service-dependencies';

/**
 * What a handler frame does once per execution environment, on its first invocation: take the
 * dependencies (config, clients, observability; apps build them at import with `buildAtInit`, and
 * a build's error is thrown here) and sweep the scratch dirs a crashed process left in /tmp (their
 * owner is gone). Every later invocation, concurrent ones included, gets the same dependencies. A
 * sweep that fails is logged and does not fail the work.
 *
 * @example
 * const environment = serviceEnvironment('audio-extraction', dependencies);
 * const deps = await environment();
 */
export function serviceEnvironment(
  service: ServiceName,
  dependencies: () => ServiceDependencies,
): () => Promise<ServiceDependencies> {
  let ready: Promise<ServiceDependencies> | undefined;
  return () => {
    ready ??= start(service, dependencies);
    return ready;
  };
}

async function start(
  service: ServiceName,
  dependencies: () => ServiceDependencies,
): Promise<ServiceDependencies> {
  const built = dependencies();
  const coldStart = {
    service,
    step: 'cold-start',
    correlationId: '-',
    tenantId: 'platform',
    jobId: '-',
    env: built.config.env,
  };
  await withInvocation(built.serviceObservability, coldStart, async (observability) => {
    try {
      await sweepStaleScratch({ observability });
    } catch (error) {
      observability.logger.warn('Stale scratch sweep failed; the work goes on', {
        error: toErrorInfo(error),
      });
    }
  });
  return built;
}
