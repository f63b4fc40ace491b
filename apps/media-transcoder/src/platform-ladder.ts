import type { ServiceDependencies } from '@reel/lambda-kit';
import type { TranscodeOptionsInput } from '@reel/media-types';
import {
  createPlatformLadderReaderFromConfig,
  type PlatformLadderReader,
} from '@reel/tenant-settings';

/** The platform's ladder defaults for the environment the dependencies describe. */
export type PlatformLadderOf = (
  dependencies: ServiceDependencies,
) => Promise<TranscodeOptionsInput>;

/**
 * The platform ladder as the deployment sets it: on AWS the SSM parameter `REEL_LADDER_PARAMETER`
 * names (read through Powertools, cached 300 s), locally none (`{}`: the schema's defaults). The
 * reader is made once, from the first invocation's config, and kept for the environment's life.
 */
export function platformLadderFromConfig(): PlatformLadderOf {
  let reader: PlatformLadderReader | undefined;
  return (dependencies) => {
    reader ??= createPlatformLadderReaderFromConfig(dependencies.config);
    return reader();
  };
}
