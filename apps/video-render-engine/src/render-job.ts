import { withScratchDir } from '@reel/ffmpeg-runtime';
import type { FanOutPlan, StepContext, StepOutcome } from '@reel/lambda-kit';
import { removeRunChunks } from './chunk-objects';
import { publishRender } from './publish-render';
import { renderAudioOnly } from './render-audio-only';
import { chunkPlanOf, wantsChunks } from './render-chunked';
import { renderExtras } from './render-extras';
import { loadRenderInputs, type RenderInputs } from './render-inputs';
import { renderMain, type MainRender } from './render-main';
import type { VideoRenderEngineOptions } from './render-options';

type RenderContext = StepContext<VideoRenderEngineOptions>;

/**
 * The `video-render-engine` step's prepare phase: the job's source + its current cut plan (+
 * transcript and the tenant's branding, when there are) → `renders/render.mp4` in one filter graph
 * and one encode, with the subtitles and transcript re-timed to the cut, the podcast MP3 and a
 * preview of what was removed, all published under `renders/` (all or none) and recorded as
 * `results.render`. A long edit (`chunking`) is not rendered here: the chunk count is returned,
 * and the workflow's Map renders the chunks (render-chunk-phases.ts). A source with no picture (a
 * podcast) renders its sound only: `renders/episode.mp3` and the re-timed subtitles
 * (render-audio-only.ts). The options are resolved and checked before anything is downloaded; the
 * scratch dir is removed on every path.
 */
export async function renderJob(context: RenderContext): Promise<StepOutcome | FanOutPlan> {
  const { observability } = context;
  return withScratchDir(
    async (scratchDir) => {
      const inputs = await loadRenderInputs(context, scratchDir);
      const { picture } = inputs;
      if (picture === undefined) return renderAudioOnly({ context, inputs, scratchDir });
      if (wantsChunks({ ...picture, options: inputs.options })) {
        // Chunks an earlier run of this job left (a crash, a chunk racing a failure) go now.
        await removeRunChunks({ context, allRuns: true });
        const plan = chunkPlanOf({ timeline: picture.timeline, options: inputs.options });
        observability.logger.info('Rendering in chunks', {
          chunks: plan.chunks.length,
          mainDurationSec: plan.mainDurationSec,
        });
        return { chunkCount: plan.chunks.length };
      }
      const phases = progressPhases(inputs.options, picture.timeline.removed.length > 0);
      const main = await renderMain({
        ...inputs,
        ...picture,
        scratchDir,
        runtime: context.dependencies.runtime,
        onProgress: (percent) => context.reportProgress(phases.scale('render', percent)),
      });
      return completeRender({ context, inputs: { ...inputs, picture }, main, scratchDir });
    },
    { observability, operation: 'video-render-engine' },
  );
}

/**
 * What follows the render's encode, in one pass or after the chunks' join: the MP3 and the
 * preview, everything published under `renders/` and the step's outcome.
 */
export async function completeRender({
  context: { job, dependencies, observability, signal, reportProgress },
  inputs,
  main,
  scratchDir,
}: {
  context: Pick<
    RenderContext,
    'job' | 'dependencies' | 'observability' | 'signal' | 'reportProgress'
  >;
  inputs: RenderInputs & { picture: NonNullable<RenderInputs['picture']> };
  main: MainRender;
  scratchDir: string;
}): Promise<StepOutcome> {
  const { options, picture, plan } = inputs;
  const { timeline, subtitles, source } = picture;
  const phases = progressPhases(options, timeline.removed.length > 0);
  const extras = await renderExtras({
    renderPath: main.path,
    sourcePath: inputs.sourcePath,
    sourceLabel: inputs.sourceLabel,
    hasAudio: source.hasAudio,
    timeline,
    options,
    scratchDir,
    runtime: dependencies.runtime,
    operation: inputs.operation,
    onProgress: (phase, percent) => reportProgress(phases.scale(phase, percent)),
  });
  const { outputs, result } = await publishRender({
    job,
    storage: dependencies.storage,
    scratchDir,
    signal,
    observability,
    main,
    extras,
    subtitles,
    options,
    timeline,
    plan,
  });
  observability.logger.info('Render written', {
    planKey: plan.planKey,
    planVersion: plan.planVersion,
    mode: timeline.mode,
    pieces: timeline.pieces.length,
    durationSec: result.durationSec,
    width: result.width,
    height: result.height,
    outputs: outputs.length,
  });
  return { outputs, results: { render: result }, mediaDurationSec: source.durationSec };
}

type Phase = 'render' | 'podcast' | 'preview';

/**
 * The step's one 0–100 % across its encodes: the render ~80 %, the MP3 and the preview share the
 * rest (the render takes all of it when neither runs). Percent of each phase is against its own
 * output's duration.
 */
export function progressPhases(
  options: { podcast: { use: boolean }; preview: { use: boolean } },
  removedAnything: boolean,
) {
  const weights: Record<Phase, number> = {
    render: 8,
    podcast: options.podcast.use ? 1 : 0,
    preview: options.preview.use && removedAnything ? 1 : 0,
  };
  const total = weights.render + weights.podcast + weights.preview;
  const order: Phase[] = ['render', 'podcast', 'preview'];
  return {
    scale(phase: Phase, percent: number) {
      const before = order
        .slice(0, order.indexOf(phase))
        .reduce((sum, name) => sum + weights[name], 0);
      const clamped = Math.min(100, Math.max(0, percent));
      return {
        percent: ((before + (weights[phase] * clamped) / 100) / total) * 100,
        label: phase,
      };
    },
  };
}
