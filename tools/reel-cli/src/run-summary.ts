import { InternalError, toErrorInfo, type ErrorInfo } from '@reel/error-taxonomy';
import { buildJobRootKey, buildManifestKey } from '@reel/storage';
import type { LocalExecutionResult } from '@reel/workflow';
import { describeLocation, type CliDependencies } from './cli-dependencies';
import { describeOutputs, formatLastAttemptDuration } from './describe-job';
import { describeStreams } from './describe-streams';
import { formatDuration, formatTable } from './format';
import type { RunJobResult } from './local-pipeline';

/**
 * What a person reads after `reel run`: the outcome with timings, outputs, the streams of the
 * transcode with a command that plays them, each step, where things are, and this run's error
 * with advice. The error is the manifest's (cleared when the run
 * started, so never an earlier run's) or, when the workflow ended without recording one, the
 * workflow's own.
 */
export function summarizeRun(
  { config }: Pick<CliDependencies, 'config'>,
  { manifest, workflow, durationMs, logKey }: RunJobResult,
): string {
  const lines: string[] = [];
  const mediaSec = manifest.input?.probe?.durationSec;
  const rtf =
    mediaSec && durationMs > 0
      ? `, realtime factor ${(durationMs / 1000 / mediaSec).toFixed(3)}`
      : '';
  const completed = manifest.status === 'completed' && workflow?.status !== 'FAILED';
  lines.push(
    `${completed ? '✔' : '✖'} Job ${manifest.jobId} ${completed ? 'completed' : 'failed'}${durationMs > 0 ? ` in ${formatDuration(durationMs)}` : ''}${mediaSec ? ` (media ${mediaSec.toFixed(1)} s${rtf})` : ''}`,
  );
  lines.push(...describeOutputs(manifest));
  lines.push(
    ...describeStreams(manifest.results.transcode, {
      locate: (key) => describeLocation(config, key),
      playable: config.backend === 'local',
    }),
  );
  lines.push(
    formatTable(
      Object.entries(manifest.steps).map(([name, record]) => [
        name,
        record.status,
        formatLastAttemptDuration(record),
        record.attempts.length > 1 ? `attempt ${record.attempts.length}` : '',
      ]),
      '  step ',
    ),
  );
  lines.push(`  manifest  ${describeLocation(config, buildManifestKey(manifest))}`);
  lines.push(`  outputs   ${describeLocation(config, `${buildJobRootKey(manifest)}/`)}`);
  if (logKey) lines.push(`  logs      ${describeLocation(config, logKey)}`);
  const error = manifest.error ?? workflowError(workflow);
  if (error && !completed) {
    lines.push(`  error     ${error.code}: ${error.message}`);
    lines.push(`  advice    ${error.advice}`);
    if (error.retryable || error.type === 'Timeout' || error.type === 'Internal') {
      lines.push(
        `  re-run    npx reel run --tenant ${manifest.tenantId} --job ${manifest.jobId}   (resumes at the failed step)`,
      );
    }
  }
  lines.push(`  status    npx reel status --tenant ${manifest.tenantId} --job ${manifest.jobId}`);
  return lines.join('\n');
}

/** A failed workflow's error when the job-status task never recorded one (it failed itself). */
function workflowError(workflow: LocalExecutionResult | undefined): ErrorInfo | undefined {
  if (workflow?.status !== 'FAILED' || workflow.error === undefined) return undefined;
  let message = workflow.error.message;
  try {
    message = (JSON.parse(message) as { errorMessage?: string }).errorMessage ?? message;
  } catch {
    // Not Lambda's {"errorType","errorMessage"} JSON: the message as it is.
  }
  return toErrorInfo(
    new InternalError(
      `The workflow failed without recording why (${workflow.error.name}: ${message})`,
      { advice: "See this run's logs (above); re-run the job to resume at the failed step." },
    ),
  );
}
