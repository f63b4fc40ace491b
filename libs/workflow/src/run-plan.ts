import type { JobManifest } from '@reel/manifest';
import { processingSteps } from './workflow-steps';

export type RunPlan =
  | { action: 'run'; resumeFrom: string; reason: 'new' | 'resume' | 'forced' }
  | { action: 'skip'; reason: 'completed' };

/**
 * What running a job again means: a new or queued job starts at the first step; a failed one
 * resumes at its first step that did not succeed; a completed one is left alone unless forced.
 *
 * @example
 * const plan = planRun(manifest, { force: false }); // { action: 'run', resumeFrom: 'audio-extraction', reason: 'resume' }
 */
export function planRun(
  manifest: JobManifest,
  { force = false }: { force?: boolean } = {},
): RunPlan {
  const firstStep = processingSteps[0].step;
  if (force) return { action: 'run', resumeFrom: firstStep, reason: 'forced' };
  if (manifest.status === 'completed') return { action: 'skip', reason: 'completed' };
  const firstUnfinished = processingSteps.find(({ step }) => {
    const status = manifest.steps[step]?.status;
    return status !== 'succeeded' && status !== 'skipped';
  });
  const resumeFrom = firstUnfinished?.step ?? firstStep;
  const started = processingSteps.some(({ step }) => manifest.steps[step] !== undefined);
  return { action: 'run', resumeFrom, reason: started ? 'resume' : 'new' };
}
