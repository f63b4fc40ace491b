import { randomBytes } from 'node:crypto';
import { toErrorInfo } from '@reel/error-taxonomy';
import { RUN_LEASE_TTL_MS, createRunId } from '@reel/workflow';
import { jobScopeOptions, parseCommandArgs, parseEnvOption, parseIdOption } from '../cli-args';
import { loadCliDependencies } from '../cli-dependencies';
import { runHelp } from '../help-texts';
import { UsageError } from '../usage-error';
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
    'render-options': { type: 'string' },
    'transcode-options': { type: 'string' },
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
  if (values['render-options'] !== undefined) {
    // Loaded only when given: a refused run answers without loading the options schema.
    const { parseRenderOptionsArg } = await import('../render-options-arg');
    stepOptions['render'] = await parseRenderOptionsArg(
      '--render-options',
      values['render-options'],
    );
  }
  if (values['transcode-options'] !== undefined) {
    const { parseTranscodeOptionsArg } = await import('../transcode-options-arg');
    stepOptions['transcode'] = await parseTranscodeOptionsArg(
      '--transcode-options',
      values['transcode-options'],
    );
  }
  if (values.input === undefined && values.job === undefined) {
    throw new UsageError('--input FILE is required for a new job.');
  }
  const dependencies = loadCliDependencies(env);
  const ref = { tenantId, jobId };
  const runId = createRunId();
  await dependencies.manifests.acquireRunLease(ref, { runId, ttlMs: RUN_LEASE_TTL_MS });
  try {
    // The rest (intake, builds, the workflow engine, hosts) loads only once the lease is held, so
    // a refused run answers at once.
    const { runLeasedJob } = await import('../leased-run');
    return await runLeasedJob({
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
    // The finalizer released it already; this covers a workflow that broke before it ran. A failed
    // release must not replace the run's own outcome: the lease expires by itself.
    await releaseLeaseOrWarn(() => dependencies.manifests.releaseRunLease(ref, { runId }), runId);
  }
}

/**
 * Runs `release`; when it throws, writes a warning to stderr instead (the lease expires after
 * {@link RUN_LEASE_TTL_MS}), so the run's exit code and error stay its own.
 */
export async function releaseLeaseOrWarn(
  release: () => Promise<void>,
  runId: string,
  warn: (text: string) => void = (text) => process.stderr.write(text),
): Promise<void> {
  try {
    await release();
  } catch (error) {
    const { code, message } = toErrorInfo(error);
    warn(
      `warning: could not release the run lease of ${runId} (${code}: ${message}); it expires by itself within ${Math.round(RUN_LEASE_TTL_MS / 60_000)} min.\n`,
    );
  }
}

function parseStepOptions(segmentSecText: string | undefined): Record<string, unknown> {
  if (segmentSecText === undefined) return {};
  const segmentDurationSec = Number(segmentSecText);
  if (!Number.isFinite(segmentDurationSec) || segmentDurationSec < 5 || segmentDurationSec > 600) {
    throw new UsageError('--segment-sec takes a number of seconds from 5 to 600.');
  }
  return { segmentDurationSec };
}

function generateJobId(): string {
  const stamp = new Date().toISOString().replace(/[-:T]/g, '').slice(0, 14);
  return `job-${stamp}-${randomBytes(3).toString('hex')}`;
}
