import { join } from 'node:path';
import { ConflictError, InputMissingError } from '@reel/error-taxonomy';
import { withScratchDir } from '@reel/ffmpeg-runtime';
import type {
  AbandonContext,
  ChunkContext,
  FanOutContext,
  ProgressUpdate,
  StepOutcome,
} from '@reel/lambda-kit';
import type { RenderChunkPlan } from '@reel/render-timeline';
import { chunkKeyOf, removeRunChunks } from './chunk-objects';
import { chunkPlanOf, joinRenderChunks, renderChunkPicture, wantsChunks } from './render-chunked';
import { RENDER_FILE_NAMES, scratchOutputPath } from './render-files';
import { loadRenderInputs, type RenderInputs } from './render-inputs';
import { completeRender, progressPhases } from './render-job';
import { mainRenderOf } from './render-main';
import type { VideoRenderEngineOptions } from './render-options';

type Picture = NonNullable<RenderInputs['picture']>;

/**
 * The step's percent the chunk Tasks cover (each reports its own chunk's, the CLI shows the
 * furthest); the finish Task (join, MP3, preview) the rest.
 */
const CHUNKS_SHARE_PERCENT = 85;

/**
 * The chunk plan the prepare phase fanned out on, derived again from the same inputs; if the
 * inputs changed since (a plan or tenant setting edited mid-run), the chunk count differs and the
 * phase is refused rather than render a mix of two edits.
 */
function samePlan(
  inputs: RenderInputs,
  chunkCount: number,
): { picture: Picture; plan: RenderChunkPlan } {
  const { picture, options } = inputs;
  const plan =
    picture !== undefined && wantsChunks({ ...picture, options })
      ? chunkPlanOf({ timeline: picture.timeline, options })
      : undefined;
  if (picture === undefined || plan?.chunks.length !== chunkCount) {
    throw new ConflictError(
      `The render's inputs changed since it was split into ${chunkCount} chunks`,
      {
        details: { chunkCount, chunksNow: plan?.chunks.length ?? 0 },
        advice:
          'Render again (npx reel render): the plan or render options changed during the run.',
      },
    );
  }
  return { picture, plan };
}

/**
 * The `chunk` phase (one Task of the workflow's Map): renders chunk `chunk` of the edit's picture
 * and stores it at {@link chunkKeyOf}; progress is the chunk's own.
 */
export async function renderChunkPhase(
  context: ChunkContext<VideoRenderEngineOptions>,
): Promise<{ key: string; bytes: number }> {
  const { job, dependencies, observability, reportProgress, signal } = context;
  return withScratchDir(
    async (scratchDir) => {
      const inputs = await loadRenderInputs(context, scratchDir);
      const { picture, plan } = samePlan(inputs, context.chunkCount);
      const chunk = plan.chunks[context.chunk];
      if (chunk === undefined) {
        throw new ConflictError(`The render has no chunk ${context.chunk}`, {
          details: { chunk: context.chunk, chunkCount: context.chunkCount },
        });
      }
      const rendered = await renderChunkPicture({
        render: {
          ...inputs,
          ...picture,
          scratchDir,
          runtime: dependencies.runtime,
          onProgress: (percent) =>
            reportProgress({ percent: (percent * CHUNKS_SHARE_PERCENT) / 100 }),
        },
        chunk,
        chunkDir: join(scratchDir, 'chunk'),
      });
      const key = chunkKeyOf(job, context.chunk);
      const stored = await dependencies.storage.putFile({
        key,
        path: rendered.path,
        contentType: 'video/mp4',
        signal,
      });
      observability.logger.info('Render chunk stored', {
        chunk: context.chunk,
        chunkCount: context.chunkCount,
        durationSec: rendered.durationSec,
        bytes: stored.bytes,
      });
      return { key, bytes: stored.bytes };
    },
    { observability, operation: 'video-render-engine:chunk' },
  );
}

/**
 * The `finish` phase: the stored chunks downloaded and joined (picture stream-copied, the whole
 * render's sound encoded once), then the MP3, preview, sidecars and transcript and the publish,
 * exactly as a one-pass render; the run's chunk objects are removed once the render is published.
 */
export async function finishChunkedRender(
  context: FanOutContext<VideoRenderEngineOptions>,
): Promise<StepOutcome> {
  const { job, dependencies, observability, reportProgress, signal } = context;
  return withScratchDir(
    async (scratchDir) => {
      const inputs = await loadRenderInputs(context, scratchDir);
      const { picture, plan } = samePlan(inputs, context.chunkCount);
      const chunks = await Promise.all(
        plan.chunks.map(async (chunk) => {
          const key = chunkKeyOf(job, chunk.index);
          if (!(await dependencies.storage.exists({ key }))) {
            throw new InputMissingError(`Chunk ${chunk.index} of the render is not stored`, {
              details: { key, chunkCount: context.chunkCount },
              advice: 'Render again (npx reel render): a chunk of this run was removed.',
            });
          }
          const path = join(scratchDir, `chunk-${chunk.index}.mp4`);
          await dependencies.storage.getToFile({ key, path, signal });
          return { path, durationSec: chunk.durationSec };
        }),
      );
      const phases = progressPhases(inputs.options, picture.timeline.removed.length > 0);
      const finishProgress = (update: ProgressUpdate) =>
        reportProgress({
          ...update,
          percent: CHUNKS_SHARE_PERCENT + (update.percent * (100 - CHUNKS_SHARE_PERCENT)) / 100,
        });
      const render = {
        ...inputs,
        ...picture,
        scratchDir,
        runtime: dependencies.runtime,
        onProgress: (percent: number) => finishProgress(phases.scale('render', percent)),
      };
      const output = await scratchOutputPath(scratchDir, RENDER_FILE_NAMES.video);
      const { summary, size } = await joinRenderChunks({ render, plan, chunks, output });
      const main = mainRenderOf({
        path: output,
        summary,
        size,
        frameRate: picture.timeline.frameRate,
      });
      const outcome = await completeRender({
        context: { ...context, reportProgress: finishProgress },
        inputs: { ...inputs, picture },
        main,
        scratchDir,
      });
      const removed = await removeRunChunks({ context });
      observability.logger.info('Render chunks joined', { chunks: chunks.length, removed });
      return outcome;
    },
    { observability, operation: 'video-render-engine:finish' },
  );
}

/** The `abandon` phase (the Map's Catch): removes the chunks this run stored. */
export async function abandonChunkedRender(
  context: AbandonContext<VideoRenderEngineOptions>,
): Promise<void> {
  const removed = await removeRunChunks({ context });
  context.observability.logger.info('Render chunks removed', { removed });
}
