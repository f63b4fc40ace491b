import { loadConfig } from '@reel/config';
import {
  buildAtInit,
  createFanOutStepHandler,
  createServiceDependencies,
  type ServiceDependencies,
} from '@reel/lambda-kit';
import { abandonChunkedRender, finishChunkedRender, renderChunkPhase } from './render-chunk-phases';
import { renderJob } from './render-job';
import { videoRenderEngineOptionsSchema } from './render-options';

/**
 * The render step's handler over the given dependencies (tests pass their own): `RenderVideo`
 * (prepare: one pass, or the chunk count), `RenderVideoChunk` (one chunk, in the workflow's Map),
 * `RenderVideoFinish` (the join and publish) and `RenderVideoAbandon` (the attempt failed, chunks
 * removed after a failed chunk), chosen by the event's `phase`.
 */
export function createVideoRenderEngineHandler(dependencies: () => ServiceDependencies) {
  return createFanOutStepHandler({
    service: 'video-render-engine',
    step: 'video-render-engine',
    optionsSchema: videoRenderEngineOptionsSchema,
    prepare: renderJob,
    chunk: renderChunkPhase,
    finish: finishChunkedRender,
    abandon: abandonChunkedRender,
    discardChunk: ({ dependencies, key }) => dependencies.storage.delete({ key }),
    dependencies,
  });
}

/** Lambda's entry: built at import (init); a bad config fails the first invocation, typed. */
export const handler = createVideoRenderEngineHandler(
  buildAtInit(() =>
    createServiceDependencies(loadConfig(process.env), { service: 'video-render-engine' }),
  ),
);
