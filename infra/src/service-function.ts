import { Duration, Size } from 'aws-cdk-lib';
import { DockerImageCode, DockerImageFunction, Tracing } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { getServicePreset, type ServiceName } from '@reel/service-presets';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Construct } from 'constructs';

export interface ServiceFunctionProps {
  service: ServiceName;
  /** Where `nx build` put the bundles: `<workspace>/dist/apps`. */
  bundlesDir: string;
  environment: Record<string, string>;
  /** Construct id of the function (its log group is `<id>Logs`); default `Function` (log group `Logs`). */
  id?: string;
  /** The image's handler (`CMD`) when not the Dockerfile's `index.handler`, e.g. `['index.authorizer']`. */
  command?: string[];
  /** Overrides the preset's timeout, for a second handler of the image with a shorter limit. */
  timeoutSec?: number;
  description?: string;
}

/**
 * One reel service as a container-image Lambda. The image context is the service's build output
 * (`index.mjs` + the shared Dockerfile copied beside it by the build), never the app's source.
 */
export function createServiceFunction(
  scope: Construct,
  props: ServiceFunctionProps,
): DockerImageFunction {
  const contextDir = join(props.bundlesDir, props.service);
  if (!existsSync(join(contextDir, 'Dockerfile')) || !existsSync(join(contextDir, 'index.mjs'))) {
    throw new Error(
      `No build output for ${props.service} in ${contextDir}. Run \`npx nx run ${props.service}:build\` (or \`npx nx run infra:synth\`, which builds every service first).`,
    );
  }
  const preset = getServicePreset(props.service);
  const id = props.id ?? 'Function';
  return new DockerImageFunction(scope, id, {
    description: props.description ?? `reel ${props.service}`,
    // Same context and target as the service's own function: one image, another CMD.
    code: DockerImageCode.fromImageAsset(contextDir, { target: 'service', cmd: props.command }),
    memorySize: preset.memoryMb,
    timeout: Duration.seconds(props.timeoutSec ?? preset.timeoutSec),
    ephemeralStorageSize: preset.ephemeralStorageMb
      ? Size.mebibytes(preset.ephemeralStorageMb)
      : undefined,
    tracing: Tracing.ACTIVE,
    logGroup: new LogGroup(scope, id === 'Function' ? 'Logs' : `${id}Logs`, {
      retention: RetentionDays.ONE_MONTH,
    }),
    environment: {
      POWERTOOLS_SERVICE_NAME: props.service,
      ...props.environment,
    },
  });
}
