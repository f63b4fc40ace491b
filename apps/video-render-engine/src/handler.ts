import { loadConfig } from '@reel/config';
import {
  buildAtInit,
  createServiceDependencies,
  createStepHandler,
  type ServiceDependencies,
} from '@reel/lambda-kit';
import { renderJob } from './render-job';
import { videoRenderEngineOptionsSchema } from './render-options';

/** The `RenderVideo` task's handler over the given dependencies (tests pass their own). */
export function createVideoRenderEngineHandler(dependencies: () => ServiceDependencies) {
  return createStepHandler({
    service: 'video-render-engine',
    step: 'video-render-engine',
    optionsSchema: videoRenderEngineOptionsSchema,
    run: renderJob,
    dependencies,
  });
}

/** Lambda's entry: built at import (init); a bad config fails the first invocation, typed. */
export const handler = createVideoRenderEngineHandler(
  buildAtInit(() =>
    createServiceDependencies(loadConfig(process.env), { service: 'video-render-engine' }),
  ),
);
