import { processingSteps } from '@reel/workflow';
import type { CliDependencies } from './cli-dependencies';
import { runJob, type RunJobResult } from './local-pipeline';
import { ProgressView } from './progress-view';
import { buildServices, hostEnvironment } from './service-bundles';
import { bundlesDir } from './workspace-paths';

/** Where a leased command writes its lines: stderr with `--json` (stdout is the manifest). */
export function cliLog(json: boolean): (text: string) => void {
  return json
    ? (text: string) => process.stderr.write(text)
    : (text: string) => process.stdout.write(text);
}

/**
 * The part `reel run` and `reel render` share once they hold the run lease: builds the bundles
 * (when asked), runs the workflow with the progress view (interactive on a TTY without `--json`)
 * and prints the manifest with `--json`. Returns the run and whether the job completed.
 *
 * @example
 * const { result, completed } = await runJobInView({ dependencies, ref, runId, build, json,
 *   log: cliLog(json), correlationId: randomUUID(), force: false, stepOptions, fromStep: 'render' });
 */
export async function runJobInView({
  dependencies,
  ref,
  build,
  json,
  log,
  ...run
}: {
  dependencies: CliDependencies;
  ref: { tenantId: string; jobId: string };
  runId: string;
  correlationId: string;
  build: boolean;
  json: boolean;
  log: (text: string) => void;
  force: boolean;
  stepOptions: Record<string, unknown>;
  fromStep?: string;
}): Promise<{ result: RunJobResult; completed: boolean }> {
  if (build) await buildServices(log);
  const view = new ProgressView({
    write: log,
    interactive: Boolean(process.stdout.isTTY) && !json,
    totalSteps: processingSteps.length,
  });
  let result: RunJobResult;
  try {
    result = await runJob({
      dependencies,
      hostEnv: hostEnvironment(dependencies),
      bundlesDir,
      ...ref,
      ...run,
      view,
    });
  } finally {
    // The last step's done line waits a moment for a fan-out: print it before the summary.
    view.close();
  }
  const completed = result.manifest.status === 'completed' && result.workflow?.status !== 'FAILED';
  if (json) console.log(JSON.stringify(result.manifest, null, 2));
  return { result, completed };
}
