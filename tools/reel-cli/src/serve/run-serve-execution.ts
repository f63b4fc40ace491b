import { join } from 'node:path';
import { CancelledError, InvalidRequestError } from '@reel/error-taxonomy';
import { failRun, type ManifestStore } from '@reel/manifest';
import { withScratchDir } from '@reel/ffmpeg-runtime';
import { finalizeService, processingSteps, type ProcessingExecutionInput } from '@reel/workflow';
import type { CliDependencies } from '../cli-dependencies';
import { runOnHosts } from '../local-pipeline';
import { ProgressView } from '../progress-view';
import type { RunExecution } from './local-workflow-endpoint';

export interface ServeExecutionOptions {
  dependencies: CliDependencies;
  /** The hosts' environment, as `reel run` gives it. */
  hostEnv: Record<string, string | undefined>;
  bundlesDir: string;
  /** The progress lines of a run, as JSON lines of the serve log. */
  writeLog: (line: string) => void;
}

/**
 * What reel serve's workflow endpoint runs an execution with: `reel run`'s pipeline (the ASL on
 * aws-local-stepfunctions, each Task in a warm host of its built bundle, the hosts' log stored
 * under the job) for a run the video API has already recorded on the manifest (`startRun`) and
 * whose lease it holds under the execution name. Its steps' progress goes to the serve log.
 *
 * @example
 * const endpoint = createLocalWorkflowEndpoint({ runExecution: serveExecutionRunner({ … }), writeLog });
 */
export function serveExecutionRunner({
  dependencies,
  hostEnv,
  bundlesDir,
  writeLog,
}: ServeExecutionOptions): RunExecution {
  return async ({ executionName, input, signal }) => {
    const { job, resumeFrom, options } = input;
    if (job.env !== dependencies.config.env) {
      throw new InvalidRequestError(
        `Execution ${executionName} is for env ${job.env}; reel serve runs env ${dependencies.config.env}`,
      );
    }
    const firstIndex = processingSteps.findIndex(({ step }) => step === resumeFrom);
    if (firstIndex < 0) throw new InvalidRequestError(`No processing step named ${resumeFrom}`);
    const services = [
      ...processingSteps.slice(firstIndex).map(({ service }) => service),
      finalizeService,
    ];
    const view = new ProgressView({
      write: (text) => {
        const line = text.trim();
        if (line !== '') {
          writeLog(
            JSON.stringify({
              time: new Date().toISOString(),
              level: 'INFO',
              message: 'Execution progress',
              executionName,
              progress: line,
            }),
          );
        }
      },
      interactive: false,
      totalSteps: processingSteps.length,
    });
    try {
      const { workflow } = await withScratchDir(
        (scratchDir) =>
          runOnHosts(
            {
              dependencies,
              hostEnv,
              bundlesDir,
              tenantId: job.tenantId,
              jobId: job.jobId,
              correlationId: job.correlationId,
              runId: job.runId,
              force: false,
              stepOptions: options,
              view,
              signal,
            },
            { services, resumeFrom, logFile: join(scratchDir, 'services.log') },
          ),
        { prefix: 'reel-serve-run-' },
      );
      return workflow?.status ?? 'FAILED';
    } finally {
      view.close();
    }
  };
}

/**
 * Records a run reel serve stopped on its way out (its `close`): the video `failed` with a
 * `CANCELLED` error saying so, and the run's lease released, so it can be processed again at once
 * after a restart. Only while the job is still this run's and queued or processing: a run that
 * ended, or a newer one, is left as it is.
 *
 * @example
 * createLocalWorkflowEndpoint({ runExecution, writeLog, onAbandoned: (run) => failAbandonedRun(manifests, run) });
 */
export async function failAbandonedRun(
  manifests: ManifestStore,
  { executionName, input }: { executionName: string; input: ProcessingExecutionInput },
): Promise<void> {
  await failRun(
    manifests,
    { tenantId: input.job.tenantId, jobId: input.job.jobId },
    {
      runId: executionName,
      error: new CancelledError(`reel serve stopped while run ${executionName} was in flight`, {
        advice:
          'Process the video again (POST /videos/{id}/process): it resumes at the step it was in.',
      }),
      statuses: ['queued', 'processing'],
    },
  );
}
