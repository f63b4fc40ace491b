import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseCutPlan, type CutPlan } from '@reel/cut-plan';
import { InputMissingError } from '@reel/error-taxonomy';
import type { JobManifest } from '@reel/manifest';
import type { MediaStorage } from '@reel/storage';

/** The plan the render plays: the manifest's current plan and its version, when recorded. */
export interface CurrentPlan {
  plan: CutPlan;
  planKey: string;
  /** sha256 of the plan's bytes as rendered: unlike the planner's recorded hash after a hand edit. */
  planSha256: string;
  /** The manifest's current plan version (a hand edit of it renders as that version, edited). */
  planVersion?: number;
}

/**
 * Downloads and parses the job's current cut plan (`results.plan.planKey`, which points at the
 * newest version, hand-edited or planned). No plan is an InputMissingError; a plan that is not a
 * valid plan (a gap, an overlap, a bad field) is parseCutPlan's InvalidRequestError.
 */
export async function readCurrentPlan({
  manifest,
  storage,
  scratchDir,
  signal,
}: {
  manifest: JobManifest;
  storage: MediaStorage;
  scratchDir: string;
  signal: AbortSignal;
}): Promise<CurrentPlan> {
  const planResult = manifest.results.plan;
  if (planResult === undefined) {
    throw new InputMissingError('The job has no cut plan to render', {
      details: { jobId: manifest.jobId },
      advice: 'Run smart-cut-planner for this job first; the render engine plays its plan.',
    });
  }
  const path = join(scratchDir, 'cut-plan.json');
  await storage.getToFile({ key: planResult.planKey, path, signal });
  const text = await readFile(path, 'utf8');
  const plan = parseCutPlan(text);
  return {
    plan,
    planKey: planResult.planKey,
    planSha256: createHash('sha256').update(text).digest('hex'),
    ...(planResult.version === undefined ? {} : { planVersion: planResult.version }),
  };
}
