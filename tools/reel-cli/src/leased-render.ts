import { randomUUID } from 'node:crypto';
import { InputMissingError } from '@reel/error-taxonomy';
import { sweepStaleScratch } from '@reel/ffmpeg-runtime';
import type { CliDependencies } from './cli-dependencies';
import { recordPlanHandEdit } from './record-plan-hand-edit';
import { cliLog, runJobInView } from './run-job-in-view';
import { summarizeRun } from './run-summary';

/** What `reel render` does once it holds the job's run lease. */
export interface LeasedRenderOptions {
  dependencies: CliDependencies;
  ref: { tenantId: string; jobId: string };
  runId: string;
  build: boolean;
  json: boolean;
  stepOptions: Record<string, unknown>;
  /** The step the run starts at; every later step runs too. */
  fromStep: string;
}

/**
 * Checks the job has a plan to render, records an unrecorded hand edit of `cut-plan.json` as a
 * plan version (so the render's `planVersion` names the bytes it plays), builds the bundles and
 * runs the workflow from `fromStep` with progress and the run's summary; returns the exit code
 * (0 when the job completed).
 */
export async function renderLeasedJob({
  dependencies,
  ref,
  runId,
  build,
  json,
  stepOptions,
  fromStep,
}: LeasedRenderOptions): Promise<number> {
  const log = cliLog(json);
  const manifest = await dependencies.manifests.get(ref);
  if (!manifest) {
    throw new InputMissingError(`Job ${ref.jobId} of tenant ${ref.tenantId} does not exist`, {
      advice: 'Create and process it first: npx reel run --input FILE --job ID.',
    });
  }
  if (manifest.results.plan === undefined) {
    throw new InputMissingError(`Job ${ref.jobId} has no cut plan to render`, {
      advice: `Run the job through cut planning first: npx reel run --tenant ${ref.tenantId} --job ${ref.jobId}.`,
    });
  }
  // Under the run lease: the render then records the version whose bytes it plays.
  const recorded = await recordPlanHandEdit(dependencies, ref);
  if (recorded) {
    log(
      `Recorded the hand edit of cut-plan.json as plan version ${recorded.version} (npx reel plan --versions lists it)\n`,
    );
  }
  await sweepStaleScratch();
  const { result, completed } = await runJobInView({
    dependencies,
    ref,
    runId,
    correlationId: randomUUID(),
    build,
    json,
    log,
    force: false,
    stepOptions,
    fromStep,
  });
  if (!json) log(`\n${summarizeRun(dependencies, result)}\n`);
  return completed ? 0 : 1;
}
