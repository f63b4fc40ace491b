import { randomBytes, randomUUID } from 'node:crypto';
import { join, resolve } from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { loadConfig } from '@reel/config';
import { toErrorInfo } from '@reel/error-taxonomy';
import { createServiceDependencies, type ServiceDependencies } from '@reel/lambda-kit';
import { jobStatuses, type JobStatus } from '@reel/manifest';
import { assertValidId, buildJobRootKey, buildManifestKey } from '@reel/storage';
import { finalizeService, intakeFile, processingSteps } from '@reel/workflow';
import { execa } from 'execa';
import { describeJob, describeOutputs } from './describe-job';
import { formatBytes, formatDuration, formatTable } from './format';
import { jobsHelp, mainHelp, planHelp, runHelp, statusHelp } from './help-texts';
import { describeCutPlan, exportCutPlan, loadCutPlan } from './plan-command';
import { runJob } from './local-pipeline';
import { ProgressView } from './progress-view';

const workspaceRoot = resolve(import.meta.dirname, '../../..');
const bundlesDir = join(workspaceRoot, 'dist/apps');
const pipelineServices = [
  ...new Set([...processingSteps.map(({ service }) => service), finalizeService]),
];

class UsageError extends Error {}

/** The CLI: returns the process exit code. */
export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'run':
        return await runCommand(rest);
      case 'status':
        return await statusCommand(rest);
      case 'jobs':
        return await jobsCommand(rest);
      case 'plan':
        return await planCommand(rest);
      case 'help':
        console.log(
          (
            { run: runHelp, status: statusHelp, jobs: jobsHelp, plan: planHelp } as Record<
              string,
              string
            >
          )[rest[0] ?? ''] ?? mainHelp,
        );
        return 0;
      case '-v':
      case '--version':
        console.log('reel 0.1.0');
        return 0;
      case undefined:
      case '-h':
      case '--help':
        console.log(mainHelp);
        return command === undefined ? 2 : 0;
      default:
        throw new UsageError(`Unknown command "${command}".`);
    }
  } catch (error) {
    if (error instanceof UsageError) {
      console.error(`${error.message}\nRun \`npx reel --help\` for usage.`);
      return 2;
    }
    const info = toErrorInfo(error);
    console.error(`✖ ${info.code}: ${info.message}\n  advice: ${info.advice}`);
    return 1;
  }
}

function parse<T extends NonNullable<ParseArgsConfig['options']>>(args: string[], options: T) {
  try {
    return parseArgs({
      args,
      options: { ...options, help: { type: 'boolean', short: 'h' } },
      allowNegative: true,
      strict: true,
    }).values;
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

function loadDependencies(envOverride?: string): ServiceDependencies {
  return createServiceDependencies(
    loadConfig({ ...process.env, ...(envOverride ? { REEL_ENV: envOverride } : {}) }),
  );
}

async function runCommand(args: string[]): Promise<number> {
  const values = parse(args, {
    input: { type: 'string', short: 'i' },
    tenant: { type: 'string', short: 't', default: 'local' },
    job: { type: 'string', short: 'j' },
    env: { type: 'string', short: 'e' },
    'segment-sec': { type: 'string' },
    force: { type: 'boolean', default: false },
    build: { type: 'boolean', default: true },
    json: { type: 'boolean', default: false },
    docker: { type: 'boolean', default: false },
  });
  if (values.help) {
    console.log(runHelp);
    return 0;
  }
  if (values.docker) return dockerUnavailable();
  const dependencies = loadDependencies(values.env);
  const tenantId = assertValidId('tenantId', values.tenant);
  const jobId = values.job === undefined ? generateJobId() : assertValidId('jobId', values.job);
  const stepOptions: Record<string, unknown> = {};
  if (values['segment-sec'] !== undefined) {
    const segmentSec = Number(values['segment-sec']);
    if (!Number.isFinite(segmentSec) || segmentSec < 5 || segmentSec > 600)
      throw new UsageError('--segment-sec takes a number of seconds from 5 to 600.');
    stepOptions['segmentSec'] = segmentSec;
  }
  const log = values.json
    ? (text: string) => process.stderr.write(text)
    : (text: string) => process.stdout.write(text);

  const existing = await dependencies.manifests.get({ tenantId, jobId });
  if (!existing && values.input === undefined)
    throw new UsageError('--input FILE is required for a new job.');
  if (values.build) await buildServices(log);
  const correlationId = randomUUID();
  if (values.input !== undefined) {
    const { created } = await intakeFile({
      ...dependencies,
      env: dependencies.config.env,
      tenantId,
      jobId,
      correlationId,
      filePath: resolve(values.input),
    });
    log(
      `${created ? 'Created' : 'Found'} job ${jobId} (tenant ${tenantId}, env ${dependencies.config.env})\n`,
    );
  }
  const view = new ProgressView({
    write: log,
    interactive: Boolean(process.stdout.isTTY) && !values.json,
    totalSteps: processingSteps.length,
  });
  const result = await runJob({
    dependencies,
    hostEnv: hostEnvironment(dependencies),
    bundlesDir,
    tenantId,
    jobId,
    correlationId,
    force: values.force,
    stepOptions,
    view,
  });
  if (values.json) {
    console.log(JSON.stringify(result.manifest, null, 2));
    return result.manifest.status === 'completed' ? 0 : 1;
  }
  if (result.plan.action === 'skip') {
    log(`Job ${jobId} already completed; nothing to do (use --force to run it again).\n`);
  }
  log(`\n${summarize(dependencies, result.manifest, result.durationMs, result.logKey)}\n`);
  return result.manifest.status === 'completed' ? 0 : 1;
}

async function statusCommand(args: string[]): Promise<number> {
  const values = parse(args, {
    tenant: { type: 'string', short: 't', default: 'local' },
    job: { type: 'string', short: 'j' },
    env: { type: 'string', short: 'e' },
    json: { type: 'boolean', default: false },
  });
  if (values.help) {
    console.log(statusHelp);
    return 0;
  }
  if (values.job === undefined) throw new UsageError('--job ID is required.');
  const dependencies = loadDependencies(values.env);
  const manifest = await dependencies.manifests.get({
    tenantId: assertValidId('tenantId', values.tenant),
    jobId: assertValidId('jobId', values.job),
  });
  if (!manifest) {
    console.error(
      `No job ${values.job} for tenant ${values.tenant} in env ${dependencies.config.env}.`,
    );
    return 1;
  }
  console.log(values.json ? JSON.stringify(manifest, null, 2) : describeJob(manifest));
  return 0;
}

async function planCommand(args: string[]): Promise<number> {
  const values = parse(args, {
    tenant: { type: 'string', short: 't', default: 'local' },
    job: { type: 'string', short: 'j' },
    env: { type: 'string', short: 'e' },
    export: { type: 'string' },
    out: { type: 'string', short: 'o' },
    json: { type: 'boolean', default: false },
  });
  if (values.help) {
    console.log(planHelp);
    return 0;
  }
  if (values.job === undefined) throw new UsageError('--job ID is required.');
  if (values.export !== undefined && values.export !== 'edl' && values.export !== 'fcpxml') {
    throw new UsageError('--export takes edl or fcpxml.');
  }
  const dependencies = loadDependencies(values.env);
  const ref = {
    tenantId: assertValidId('tenantId', values.tenant),
    jobId: assertValidId('jobId', values.job),
  };
  const plan = await loadCutPlan(dependencies, ref);
  if (values.export !== undefined) {
    const path = await exportCutPlan(plan, {
      format: values.export,
      outPath: values.out ?? `${ref.jobId}.${values.export}`,
      title: ref.jobId,
    });
    console.log(
      `Wrote ${values.export.toUpperCase()} with ${plan.segments.filter((segment) => segment.action === 'keep').length} kept segments to ${path}`,
    );
    return 0;
  }
  console.log(
    values.json
      ? JSON.stringify(plan, null, 2)
      : `Cut plan of job ${ref.jobId} (tenant ${ref.tenantId})\n${describeCutPlan(plan)}`,
  );
  return 0;
}

async function jobsCommand(args: string[]): Promise<number> {
  const values = parse(args, {
    tenant: { type: 'string', short: 't', default: 'local' },
    status: { type: 'string', short: 's' },
    limit: { type: 'string', default: '50' },
    env: { type: 'string', short: 'e' },
    json: { type: 'boolean', default: false },
  });
  if (values.help) {
    console.log(jobsHelp);
    return 0;
  }
  if (values.status !== undefined && !(jobStatuses as readonly string[]).includes(values.status)) {
    throw new UsageError(`--status must be one of ${jobStatuses.join(', ')}.`);
  }
  const limit = Number(values.limit);
  if (!Number.isInteger(limit) || limit < 1 || limit > 1000)
    throw new UsageError('--limit takes a whole number from 1 to 1000.');
  const dependencies = loadDependencies(values.env);
  const { jobs } = await dependencies.manifests.listJobs({
    tenantId: assertValidId('tenantId', values.tenant),
    limit,
    ...(values.status ? { status: values.status as JobStatus } : {}),
  });
  if (values.json) {
    console.log(JSON.stringify(jobs, null, 2));
    return 0;
  }
  if (jobs.length === 0) {
    console.log(
      `No jobs for tenant ${values.tenant}${values.status ? ` with status ${values.status}` : ''}.`,
    );
    return 0;
  }
  console.log(
    formatTable(
      [
        ['JOB', 'STATUS', 'CREATED', 'INPUT', 'DURATION'],
        ...jobs.map((job) => [
          job.jobId,
          job.status,
          job.createdAt,
          formatBytes(job.input.bytes),
          job.input.probe ? `${job.input.probe.durationSec.toFixed(1)} s` : '',
        ]),
      ],
      '',
    ),
  );
  return 0;
}

function summarize(
  dependencies: ServiceDependencies,
  manifest: Awaited<ReturnType<typeof runJob>>['manifest'],
  durationMs: number,
  logKey?: string,
): string {
  const lines: string[] = [];
  const mediaSec = manifest.input.probe?.durationSec;
  const rtf =
    mediaSec && durationMs > 0
      ? `, realtime factor ${(durationMs / 1000 / mediaSec).toFixed(3)}`
      : '';
  lines.push(
    `${manifest.status === 'completed' ? '✔' : '✖'} Job ${manifest.jobId} ${manifest.status}${durationMs > 0 ? ` in ${formatDuration(durationMs)}` : ''}${mediaSec ? ` (media ${mediaSec.toFixed(1)} s${rtf})` : ''}`,
  );
  const steps = Object.entries(manifest.steps);
  lines.push(...describeOutputs(manifest));
  lines.push(
    formatTable(
      steps.map(([name, record]) => [
        name,
        record.status,
        record.durationMs === undefined ? '' : formatDuration(record.durationMs),
      ]),
      '  step ',
    ),
  );
  const where = (key: string) =>
    dependencies.config.backend === 'local'
      ? join(dependencies.config.mediaStoragePath, key)
      : `s3://${dependencies.config.bucket}/${key}`;
  lines.push(`  manifest  ${where(buildManifestKey(manifest))}`);
  lines.push(`  outputs   ${where(`${buildJobRootKey(manifest)}/`)}`);
  if (logKey) lines.push(`  logs      ${where(logKey)}`);
  if (manifest.error) {
    lines.push(`  error     ${manifest.error.code}: ${manifest.error.message}`);
    lines.push(`  advice    ${manifest.error.advice}`);
    if (
      manifest.error.retryable ||
      manifest.error.type === 'Timeout' ||
      manifest.error.type === 'Internal'
    ) {
      lines.push(
        `  re-run    npx reel run --tenant ${manifest.tenantId} --job ${manifest.jobId}   (resumes at the failed step)`,
      );
    }
  }
  lines.push(`  status    npx reel status --tenant ${manifest.tenantId} --job ${manifest.jobId}`);
  return lines.join('\n');
}

/** What the service hosts see: this process's environment with the storage root made absolute. */
function hostEnvironment(dependencies: ServiceDependencies): Record<string, string | undefined> {
  const env: Record<string, string | undefined> = {
    ...process.env,
    REEL_ENV: dependencies.config.env,
    POWERTOOLS_DEV: undefined,
    // V8 code cache for the bundles: every run after the first starts its hosts faster.
    NODE_COMPILE_CACHE:
      process.env['NODE_COMPILE_CACHE'] ??
      join(workspaceRoot, 'node_modules/.cache/reel-lambda-hosts'),
  };
  if (dependencies.config.backend === 'local')
    env['MEDIA_STORAGE_PATH'] = dependencies.config.mediaStoragePath;
  return env;
}

async function buildServices(log: (text: string) => void): Promise<void> {
  log('Building service bundles (nx build, cached)…\n');
  const result = await execa(
    'npx',
    [
      '--no-install',
      'nx',
      'run-many',
      '-t',
      'build',
      '-p',
      pipelineServices.join(','),
      '--outputStyle=static',
    ],
    {
      cwd: workspaceRoot,
      reject: false,
      all: true,
      env: { NX_DAEMON: 'false' },
    },
  );
  if (result.exitCode !== 0) {
    process.stderr.write(String(result.all));
    throw new UsageError('Building the service bundles failed (output above).');
  }
}

async function dockerUnavailable(): Promise<number> {
  const info = await execa('docker', ['info', '--format', '{{.ServerVersion}}'], {
    reject: false,
    timeout: 10_000,
  });
  if (info.exitCode !== 0) {
    console.error(
      '--docker needs a running Docker engine, and none answered (`docker info` failed).\nRun without --docker: the local runner uses the same bundles the images contain.',
    );
    return 2;
  }
  console.error(
    `A Docker engine answered (${String(info.stdout).trim()}), but running the service images from the CLI is not built yet.\nRun without --docker: the local runner uses the same bundles the images contain.`,
  );
  return 2;
}

function generateJobId(): string {
  const stamp = new Date().toISOString().replace(/[-:T]/g, '').slice(0, 14);
  return `job-${stamp}-${randomBytes(3).toString('hex')}`;
}
