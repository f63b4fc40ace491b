import { randomUUID } from 'node:crypto';
import { join, resolve } from 'node:path';
import { DEFAULT_GUARDRAILS, sweepStaleScratch, tightenGuardrails } from '@reel/ffmpeg-runtime';
import { buildJobRootKey, removeStaleTempFiles } from '@reel/storage';
import { createTenantSettingsStoreFromConfig } from '@reel/tenant-settings';
import { intakeFile, planRun, processingSteps } from '@reel/workflow';
import type { CliDependencies } from './cli-dependencies';
import { recordPlanHandEdit } from './record-plan-hand-edit';
import { cliLog, runJobInView } from './run-job-in-view';
import { summarizeRun } from './run-summary';
import { UsageError } from './usage-error';

/** What `reel run` does once it holds the job's run lease. */
export interface LeasedRunOptions {
  dependencies: CliDependencies;
  ref: { tenantId: string; jobId: string };
  runId: string;
  input: string | undefined;
  build: boolean;
  force: boolean;
  json: boolean;
  stepOptions: Record<string, unknown>;
}

/**
 * Sweeps what crashed runs left (scratch dirs; locally, stale temp files in the job's folder),
 * stores a new job's input, records an unrecorded hand edit of `cut-plan.json` as a plan version
 * when the run will render (as `reel render` does), builds the bundles, runs the workflow and
 * prints the summary; returns the exit code (0 when the job completed).
 */
export async function runLeasedJob({
  dependencies,
  ref,
  runId,
  input,
  build,
  force,
  json,
  stepOptions,
}: LeasedRunOptions): Promise<number> {
  const { config, manifests } = dependencies;
  const log = cliLog(json);
  if (input === undefined && !(await manifests.get(ref))) {
    throw new UsageError('--input FILE is required for a new job.');
  }
  await sweepStaleScratch();
  if (config.backend === 'local') {
    // Temp files of a run or intake killed mid-write (kill -9) in this job's folder.
    await removeStaleTempFiles({
      dir: join(config.mediaStoragePath, buildJobRootKey({ env: config.env, ...ref })),
    });
  }
  const correlationId = randomUUID();
  if (input !== undefined) {
    // The size guardrail as validation will apply it: the platform's, tightened by the tenant's.
    const tenant = await createTenantSettingsStoreFromConfig(config).get(ref.tenantId);
    const { created } = await intakeFile({
      ...dependencies,
      env: config.env,
      ...ref,
      correlationId,
      filePath: resolve(input),
      maxBytes: tightenGuardrails(DEFAULT_GUARDRAILS, tenant.guardrails).maxBytes,
    });
    log(
      `${created ? 'Created' : 'Found'} job ${ref.jobId} (tenant ${ref.tenantId}, env ${config.env}), run ${runId}\n`,
    );
  }
  const recorded = await recordHandEditBeforeRender(dependencies, ref, force);
  if (recorded) {
    log(
      `Recorded the hand edit of cut-plan.json as plan version ${recorded.version} (npx reel plan --versions lists it)\n`,
    );
  }
  const { result, completed } = await runJobInView({
    dependencies,
    ref,
    runId,
    correlationId,
    build,
    json,
    log,
    force,
    stepOptions,
  });
  if (json) return completed ? 0 : 1;
  if (result.plan.action === 'skip') {
    log(`Job ${ref.jobId} already completed; nothing to do (use --force to run it again).\n`);
  }
  log(`\n${summarizeRun(dependencies, result)}\n`);
  return completed ? 0 : 1;
}

const RENDER_STEP_INDEX = processingSteps.findIndex(
  ({ service }) => service === 'video-render-engine',
);

/**
 * When this run will include the render and the job has a plan: the render then names a plan
 * version whose file holds the bytes it plays (see `recordPlanHandEdit`).
 */
async function recordHandEditBeforeRender(
  dependencies: CliDependencies,
  ref: { tenantId: string; jobId: string },
  force: boolean,
) {
  const manifest = await dependencies.manifests.get(ref);
  if (manifest?.results.plan === undefined) return undefined;
  const plan = planRun(manifest, { force });
  if (plan.action === 'skip') return undefined;
  const resumeIndex = processingSteps.findIndex(({ step }) => step === plan.resumeFrom);
  if (resumeIndex > RENDER_STEP_INDEX) return undefined;
  return recordPlanHandEdit(dependencies, ref);
}
