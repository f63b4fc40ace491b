import { InputMissingError } from '@reel/error-taxonomy';
import { fetchJobInput, type StepContext } from '@reel/lambda-kit';
import { requireJobInput } from '@reel/manifest';
import type { ProbeSummary, RenderOptions } from '@reel/media-types';
import { buildRenderTimeline, type RenderTimeline } from '@reel/render-timeline';
import type { RenderBranding } from './compose-graph';
import { editSubtitles, type EditedSubtitles } from './edited-subtitles';
import { fetchBranding } from './fetch-branding';
import { probeBranding } from './probe-branding';
import { readCurrentPlan, type CurrentPlan } from './read-plan';
import { readTranscript } from './read-transcript';
import type { OperationBounds } from './render-files';
import { resolveRenderOptions, type VideoRenderEngineOptions } from './render-options';
import { sourceShape, type SourceShape } from './source-shape';
import { tenantRenderDefaults } from './tenant-render-defaults';

/** Everything a render phase works from, in the scratch dir and checked. */
export interface RenderInputs {
  options: RenderOptions;
  plan: CurrentPlan;
  sourcePath: string;
  /** The source as the user knows it (its file name), for messages. */
  sourceLabel: string;
  probe: ProbeSummary;
  operation: OperationBounds;
  /** Absent for a source with no picture (an audio-only episode). */
  picture?: {
    source: SourceShape;
    timeline: RenderTimeline;
    branding: RenderBranding;
    subtitles: EditedSubtitles | undefined;
  };
}

/**
 * What every phase of the render reads, the same way each time so the phases agree (the plan
 * chunks are derived from it, never sent through the workflow's state): the render options over
 * the tenant's defaults (checked before any download), the current plan, the source (probed), the
 * timeline (the plan checked against the source before branding or transcript are fetched), the
 * branding (probed) and the subtitles re-timed to the edit.
 */
export async function loadRenderInputs(
  {
    job,
    options: { render: jobOptions },
    manifest,
    dependencies: { storage, runtime, tenantSettings },
    observability,
    deadlineAtMs,
    signal,
  }: Omit<StepContext<VideoRenderEngineOptions>, 'reportProgress'>,
  scratchDir: string,
): Promise<RenderInputs> {
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
  const plan = await readCurrentPlan({ manifest, storage, scratchDir, signal });
  const input = requireJobInput(manifest);
  const sourcePath = await fetchJobInput({ storage, input, scratchDir, signal });
  // The validate step stored the probe of these very bytes (fetchJobInput checks their sha256),
  // corrected by its packet scan: every phase (prepare, each chunk, finish) reuses it.
  const probe =
    input.probe ??
    (await runtime.probe({ input: sourcePath, deadlineAtMs, signal, observability }));
  const common = {
    options,
    plan,
    sourcePath,
    sourceLabel: input.fileName,
    probe,
    operation,
  };
  const source = sourceShape(probe);
  if (source === undefined) return common;
  const timeline = buildRenderTimeline({
    plan: plan.plan,
    frameRate: source.frameRate,
    sourceDurationSec: source.durationSec,
    ...(source.soundDurationSec === undefined ? {} : { soundDurationSec: source.soundDurationSec }),
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
  return { ...common, picture: { source, timeline, branding, subtitles } };
}
