import { randomBytes, randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import { DEFAULT_GUARDRAILS, sweepStaleScratch, tightenGuardrails } from '@reel/ffmpeg-runtime';
import { createTenantSettingsStoreFromConfig } from '@reel/tenant-settings';
import { RUN_LEASE_TTL_MS, createRunId, intakeFile, processingSteps } from '@reel/workflow';
import { jobScopeOptions, parseCommandArgs, parseEnvOption, parseIdOption } from '../cli-args';
import { loadCliDependencies, type CliDependencies } from '../cli-dependencies';
import { runHelp } from '../help-texts';
import { runJob } from '../local-pipeline';
import { ProgressView } from '../progress-view';
import { summarizeRun } from '../run-summary';
import { buildServices, hostEnvironment } from '../service-bundles';
import { UsageError } from '../usage-error';
import { bundlesDir } from '../workspace-paths';

/**
 * `reel run`: takes the job's run lease first (a second run of the job is refused at once, before
 * anything is built, stored or started), sweeps scratch that crashed runs left, stores the input
 * (a new job), builds the bundles, runs the workflow and prints the summary. The lease is released
 * by the workflow's finalizer, and here too if this run still holds it (the workflow broke).
 */
export async function runCommand(args: string[]): Promise<number> {
  const values = parseCommandArgs(args, {
    ...jobScopeOptions,
    input: { type: 'string', short: 'i' },
    job: { type: 'string', short: 'j' },
    'segment-sec': { type: 'string' },
    force: { type: 'boolean', default: false },
    build: { type: 'boolean', default: true },
  });
  if (values.help) {
    console.log(runHelp);
    return 0;
  }
  const tenantId = parseIdOption('tenantId', values.tenant);
  const jobId = values.job === undefined ? generateJobId() : parseIdOption('jobId', values.job);
  const env = parseEnvOption(values.env);
  const stepOptions = parseStepOptions(values['segment-sec']);
  if (values.input === undefined && values.job === undefined) {
    throw new UsageError('--input FILE is required for a new job.');
  }
  const dependencies = loadCliDependencies(env);
  const ref = { tenantId, jobId };
  const runId = createRunId();
  await dependencies.manifests.acquireRunLease(ref, { runId, ttlMs: RUN_LEASE_TTL_MS });
  try {
    return await runWithLease({
      dependencies,
      ref,
      runId,
      input: values.input,
      build: values.build,
      force: values.force,
      json: values.json,
      stepOptions,
    });
  } finally {
    // The finalizer released it already; this covers a workflow that broke before it ran.
    await dependencies.manifests.releaseRunLease(ref, { runId });
  }
}

interface LeasedRunOptions {
  dependencies: CliDependencies;
  ref: { tenantId: string; jobId: string };
  runId: string;
  input: string | undefined;
  build: boolean;
  force: boolean;
  json: boolean;
  stepOptions: Record<string, unknown>;
}

async function runWithLease({
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
  const log = json
    ? (text: string) => process.stderr.write(text)
    : (text: string) => process.stdout.write(text);
  if (input === undefined && !(await manifests.get(ref))) {
    throw new UsageError('--input FILE is required for a new job.');
  }
  await sweepStaleScratch();
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
  if (build) await buildServices(log);
  const view = new ProgressView({
    write: log,
    interactive: Boolean(process.stdout.isTTY) && !json,
    totalSteps: processingSteps.length,
  });
  const result = await runJob({
    dependencies,
    hostEnv: hostEnvironment(dependencies),
    bundlesDir,
    ...ref,
    correlationId,
    runId,
    force,
    stepOptions,
    view,
  });
  const completed = result.manifest.status === 'completed' && result.workflow?.status !== 'FAILED';
  if (json) {
    console.log(JSON.stringify(result.manifest, null, 2));
    return completed ? 0 : 1;
  }
  if (result.plan.action === 'skip') {
    log(`Job ${ref.jobId} already completed; nothing to do (use --force to run it again).\n`);
  }
  log(`\n${summarizeRun(dependencies, result)}\n`);
  return completed ? 0 : 1;
}

function parseStepOptions(segmentSecText: string | undefined): Record<string, unknown> {
  if (segmentSecText === undefined) return {};
  const segmentSec = Number(segmentSecText);
  if (!Number.isFinite(segmentSec) || segmentSec < 5 || segmentSec > 600) {
    throw new UsageError('--segment-sec takes a number of seconds from 5 to 600.');
  }
  return { segmentSec };
}

function generateJobId(): string {
  const stamp = new Date().toISOString().replace(/[-:T]/g, '').slice(0, 14);
  return `job-${stamp}-${randomBytes(3).toString('hex')}`;
}
