import { existsSync } from 'node:fs';
import { join } from 'node:path';
import {
  ConfigInvalidError,
  InputMissingError,
  InternalError,
  isReelError,
} from '@reel/error-taxonomy';
import { withScratchDir } from '@reel/ffmpeg-runtime';
import type { ServiceName } from '@reel/service-presets';
import { startRun, updateManifest, type JobManifest } from '@reel/manifest';
import { buildJobKey } from '@reel/storage';
import {
  buildProcessingWorkflow,
  finalizeService,
  localResourceFor,
  planRun,
  processingSteps,
  runWorkflowLocally,
  stepOfState,
  type LocalExecutionResult,
  type ProcessingExecutionInput,
  type RunPlan,
} from '@reel/workflow';
import type { CliDependencies } from './cli-dependencies';
import { LambdaHostPool } from './lambda-host-pool';
import type { ProgressView } from './progress-view';

export interface RunJobOptions {
  dependencies: CliDependencies;
  /** Environment handed to the service hosts (they load their config from it, as on Lambda). */
  hostEnv: Record<string, string | undefined>;
  bundlesDir: string;
  tenantId: string;
  jobId: string;
  correlationId: string;
  /** The run holding the job's run lease; steps check it, the finalizer releases it. */
  runId: string;
  force: boolean;
  /** Step options (e.g. `{ segmentDurationSec: 30 }`), passed to every task as `options`. */
  stepOptions: Record<string, unknown>;
  view: ProgressView;
  /** Milliseconds between workflow retries instead of the ASL's seconds; default: the ASL's. */
  retryIntervalMs?: number;
  /**
   * Re-run from this step (a manifest step name) and every step after it, whatever the job's state
   * (`reel render`: the render and what follows it); default: {@link planRun}'s choice.
   */
  fromStep?: string;
  /** Aborts the workflow (reel serve's stop of an execution); the hosts then stop. */
  signal?: AbortSignal;
}

export interface RunJobResult {
  plan: RunPlan;
  manifest: JobManifest;
  /** How the workflow ended; absent when nothing ran (a completed job left alone). */
  workflow?: LocalExecutionResult;
  durationMs: number;
  /** Storage key of this run's service log. */
  logKey?: string;
}

/**
 * Runs one job through the processing workflow on this machine: the ASL on aws-local-stepfunctions,
 * each Task in the warm host of its service's built bundle. The caller holds the job's run lease
 * for `runId`. The run is recorded on the manifest first (`startRun`), so the error it ends with is
 * this run's; the manifest is the record of what happened, returned as it is at the end.
 */
export async function runJob(options: RunJobOptions): Promise<RunJobResult> {
  const { dependencies, tenantId, jobId, view } = options;
  const ref = { tenantId, jobId };
  const startedMs = Date.now();
  const initial = await dependencies.manifests.get(ref);
  if (!initial) throw new InputMissingError(`Job ${jobId} of tenant ${tenantId} does not exist`);
  const plan: RunPlan =
    options.fromStep === undefined
      ? planRun(initial, { force: options.force })
      : { action: 'run', resumeFrom: assertStepName(options.fromStep), reason: 'forced' };
  if (plan.action === 'skip') return { plan, manifest: initial, durationMs: 0 };

  const firstIndex = processingSteps.findIndex(({ step }) => step === plan.resumeFrom);
  processingSteps.slice(0, firstIndex).forEach(({ step }, index) => view.skipped(step, index + 1));
  const services = [
    ...processingSteps.slice(firstIndex).map(({ service }) => service),
    finalizeService,
  ];
  assertBundlesExist(options.bundlesDir, services);
  await updateManifest(dependencies.manifests, ref, (draft) =>
    startRun(draft, { runId: options.runId, now: new Date(startedMs) }),
  );
  // The hosts' log is collected in a scratch dir with an owner record, so a CLI killed mid-run
  // leaves nothing that the next run's sweep does not remove.
  const { workflow, logKey, finalManifest } = await withScratchDir(
    (scratchDir) =>
      runOnHosts(options, {
        services,
        resumeFrom: plan.resumeFrom,
        logFile: join(scratchDir, 'services.log'),
      }),
    { prefix: 'reel-run-' },
  );
  return {
    plan,
    manifest: (await finalManifest) ?? initial,
    workflow,
    durationMs: Date.now() - startedMs,
    logKey,
  };
}

/**
 * The workflow with every Task in a warm host; the hosts' log is stored under the job after, while
 * the manifest the workflow ended with is read (`finalManifest`). `runJob` records the run first;
 * reel serve's workflow endpoint calls this directly for a run the video API already recorded.
 */
export async function runOnHosts(
  options: RunJobOptions,
  {
    services,
    resumeFrom,
    logFile,
  }: { services: ServiceName[]; resumeFrom: string; logFile: string },
): Promise<{
  workflow?: LocalExecutionResult;
  logKey?: string;
  finalManifest: Promise<JobManifest | undefined>;
}> {
  const { dependencies, tenantId, jobId, view } = options;
  const pool = new LambdaHostPool({
    bundlesDir: options.bundlesDir,
    env: options.hostEnv,
    logFile,
    onProgress: ({ step, percent }) => view.progress(step, percent),
  });
  const input: ProcessingExecutionInput = {
    job: {
      env: dependencies.config.env,
      tenantId,
      jobId,
      correlationId: options.correlationId,
      runId: options.runId,
    },
    options: options.stepOptions,
    resumeFrom,
  };
  try {
    pool.warm(services);
    const workflow = await runWorkflowLocally({
      definition: buildProcessingWorkflow({ resourceFor: localResourceFor }),
      input: { ...input },
      retryIntervalMs: options.retryIntervalMs,
      ...(options.signal === undefined ? {} : { signal: options.signal }),
      // The generated definition is validated by @reel/workflow's tests; skipping saves ~300 ms.
      validateDefinition: false,
      invokeService: async (service: ServiceName, payload: unknown, stateName: string) => {
        const shown = progressTaskOf(stateName, service);
        if (shown) view.start(shown.step, shown.number);
        // The workflow is linear: the steps before this service's are done, so their hosts stop
        // while this one works, instead of all at once when the run ends; a moment later, so their
        // teardown does not compete with this Task's start. close() stops any still running.
        const passed = servicesBefore(services, service);
        if (passed.length > 0) setTimeout(() => pool.retire(passed), RETIRE_DELAY_MS).unref();
        try {
          const result = await pool.invoke(service, payload);
          if (shown) view.succeed(shown.step);
          return result;
        } catch (error) {
          const reason = isReelError(error) ? `${error.code}: ${error.message}` : String(error);
          if (shown) view.fail(shown.step, reason, isReelError(error) && error.retryable);
          throw error;
        }
      },
    });
    // Read while the hosts stop and the log is stored; awaited (its error thrown) by runJob.
    const finalManifest = dependencies.manifests.get({ tenantId, jobId });
    finalManifest.catch(() => undefined);
    return { workflow, logKey: await storeLog(options, logFile, pool), finalManifest };
  } catch (error) {
    await storeLog(options, logFile, pool);
    throw error;
  }
}

/** How long after the workflow moves past a service its hosts are stopped (see `retire`). */
const RETIRE_DELAY_MS = 1_000;

/** How {@link ProgressView} names a Task that continues the current step's line (its sub-task). */
const PROGRESS_SUB_TASK = { step: 'finalize', number: 0 } as const;

/**
 * How a workflow state's Task shows in the progress view, from `stepOfState`: a step's own Task
 * (phase `prepare`) starts its numbered line; a fan-out's chunk, finish or abandon Task continues
 * the current line (the view's sub-task); the finalizer's Tasks show nothing (`undefined`). A
 * state that is neither is a workflow the CLI does not know: `InternalError`.
 *
 * @example
 * progressTaskOf('RenderVideo', 'video-render-engine'); // { step: 'video-render-engine', number: 5 }
 * progressTaskOf('RenderVideoChunk', 'video-render-engine'); // { step: 'finalize', number: 0 }
 */
export function progressTaskOf(
  stateName: string,
  service: ServiceName,
): { step: string; number: number } | undefined {
  if (service === finalizeService) return undefined;
  const state = stepOfState(stateName);
  if (state === undefined) {
    throw new InternalError(
      `The workflow ran ${service} in state ${stateName}, no processing step's`,
      {
        advice: `Processing states: ${processingSteps.map((entry) => entry.stateName).join(', ')} and their fan-out Tasks; rebuild the CLI and bundles from one checkout.`,
      },
    );
  }
  return state.phase === 'prepare' ? { step: state.step, number: state.number } : PROGRESS_SUB_TASK;
}

/** Stops the hosts (their last lines flushed), then stores the log; its key, or none if that failed. */
async function storeLog(
  { dependencies, tenantId, jobId, runId }: RunJobOptions,
  logFile: string,
  pool: LambdaHostPool,
): Promise<string | undefined> {
  await pool.close();
  const logKey = buildJobKey({
    env: dependencies.config.env,
    tenantId,
    jobId,
    kind: 'logs',
    name: `${runId}.jsonl`,
  });
  return dependencies.storage
    .putFile({ key: logKey, path: logFile, contentType: 'application/x-ndjson' })
    .then(
      () => logKey,
      () => undefined,
    );
}

/** The services of `services` (in workflow order) that come before `service`; none if it is not there. */
export function servicesBefore(
  services: readonly ServiceName[],
  service: ServiceName,
): ServiceName[] {
  const index = services.indexOf(service);
  return index <= 0 ? [] : services.slice(0, index).filter((earlier) => earlier !== service);
}

/** Every bundle the run needs, checked before any host starts (so none is left running). */
function assertBundlesExist(bundlesDir: string, services: readonly ServiceName[]): void {
  const missing = services.filter((service) => !existsSync(join(bundlesDir, service, 'index.mjs')));
  if (missing.length > 0) {
    throw new ConfigInvalidError(`No built bundle for ${missing.join(', ')} in ${bundlesDir}`, {
      advice: `Build the services first: npx nx run-many -t build -p ${missing.join(',')} (or run without --no-build).`,
    });
  }
}

function assertStepName(step: string): string {
  if (!processingSteps.some((entry) => entry.step === step)) {
    throw new InternalError(`No processing step named ${step}`, {
      advice: `Steps: ${processingSteps.map((entry) => entry.step).join(', ')}.`,
    });
  }
  return step;
}
