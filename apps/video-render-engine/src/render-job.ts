import { InputMissingError } from '@reel/error-taxonomy';
import { withScratchDir } from '@reel/ffmpeg-runtime';
import { fetchJobInput, type StepContext, type StepOutcome } from '@reel/lambda-kit';
import { buildRenderTimeline } from '@reel/render-timeline';
import { editSubtitles } from './edited-subtitles';
import { fetchBranding } from './fetch-branding';
import { probeBranding } from './probe-branding';
import { publishRender } from './publish-render';
import { readCurrentPlan } from './read-plan';
import { readTranscript } from './read-transcript';
import { renderExtras } from './render-extras';
import { renderMain } from './render-main';
import { resolveRenderOptions, type VideoRenderEngineOptions } from './render-options';
import { sourceShape } from './source-shape';
import { tenantRenderDefaults } from './tenant-render-defaults';

/**
 * The `video-render-engine` step: the job's source + its current cut plan (+ transcript and the
 * tenant's branding, when there are) → `renders/render.mp4` in one filter graph and one encode,
 * with the subtitles and transcript re-timed to the cut, the podcast MP3 and a preview of what was
 * removed, all published under `renders/` (all or none) and recorded as `results.render`. The
 * options are resolved and checked before anything is downloaded; the scratch dir is removed on
 * every path.
 */
export async function renderJob({
  job,
  options: { render: jobOptions },
  manifest,
  dependencies: { storage, runtime, tenantSettings },
  observability,
  deadlineAtMs,
  signal,
  reportProgress,
}: StepContext<VideoRenderEngineOptions>): Promise<StepOutcome> {
  const tenant = await tenantSettings.get(job.tenantId);
  const options = resolveRenderOptions({
    tenantDefaults: tenantRenderDefaults(tenant),
    jobOptions,
  });
  if (manifest.results.plan === undefined) {
    throw new InputMissingError('The job has no cut plan to render', {
      details: { jobId: job.jobId },
      advice: 'Run smart-cut-planner for this job first; the render engine plays its plan.',
    });
  }
  const operation = { deadlineAtMs, signal, observability, guardrails: tenant.guardrails };
  return withScratchDir(
    async (scratchDir) => {
      const current = await readCurrentPlan({ manifest, storage, scratchDir, signal });
      const sourcePath = await fetchJobInput({
        storage,
        input: manifest.input,
        scratchDir,
        signal,
      });
      const probe = await runtime.probe({ input: sourcePath, deadlineAtMs, signal, observability });
      const source = sourceShape(probe);
      if (source === undefined) {
        // An audio-only episode has no picture to render; its MP3 is audio-extraction's.
        observability.logger.warn('Nothing rendered: the source has no video stream', {
          fileName: manifest.input.fileName,
        });
        return { outputs: [], mediaDurationSec: probe.durationSec };
      }
      // The plan is checked against the source (coverage, end, transitions) before any download
      // of branding or transcript and before any encode.
      const timeline = buildRenderTimeline({
        plan: current.plan,
        frameRate: source.frameRate,
        sourceDurationSec: source.durationSec,
        options,
      });
      const transcript = await readTranscript({ manifest, storage, scratchDir, signal });
      const brandingFiles = await fetchBranding({
        options,
        branding: tenant.branding,
        env: job.env,
        tenantId: job.tenantId,
        storage,
        scratchDir,
        signal,
      });
      const branding = await probeBranding({ files: brandingFiles, runtime, operation });
      const introSec = branding.intro?.durationSec ?? 0;
      const durationSec = introSec + timeline.mainDurationSec + (branding.outro?.durationSec ?? 0);
      const subtitles =
        transcript === undefined
          ? undefined
          : editSubtitles({ transcript, timeline, offsetSec: introSec, durationSec });
      const phases = progressPhases(options, timeline.removed.length > 0);
      const main = await renderMain({
        sourcePath,
        sourceLabel: manifest.input.fileName,
        source,
        timeline,
        options,
        branding,
        subtitles,
        scratchDir,
        runtime,
        operation,
        onProgress: (percent) => reportProgress(phases.scale('render', percent)),
      });
      const extras = await renderExtras({
        renderPath: main.path,
        sourcePath,
        sourceLabel: manifest.input.fileName,
        hasAudio: source.hasAudio,
        timeline,
        options,
        scratchDir,
        runtime,
        operation,
        onProgress: (phase, percent) => reportProgress(phases.scale(phase, percent)),
      });
      const { outputs, result } = await publishRender({
        job,
        storage,
        scratchDir,
        signal,
        observability,
        main,
        extras,
        subtitles,
        options,
        timeline,
        plan: current,
      });
      observability.logger.info('Render written', {
        planKey: current.planKey,
        planVersion: current.planVersion,
        mode: timeline.mode,
        pieces: timeline.pieces.length,
        durationSec: result.durationSec,
        width: result.width,
        height: result.height,
        outputs: outputs.length,
      });
      return {
        outputs,
        results: { render: result },
        mediaDurationSec: source.durationSec,
      };
    },
    { observability, operation: 'video-render-engine' },
  );
}

type Phase = 'render' | 'podcast' | 'preview';

/**
 * The step's one 0–100 % across its encodes: the render ~80 %, the MP3 and the preview share the
 * rest (the render takes all of it when neither runs). Percent of each phase is against its own
 * output's duration.
 */
function progressPhases(
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
