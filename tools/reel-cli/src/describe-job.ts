import type { JobManifest, RunLease, StepRecord } from '@reel/manifest';
import { formatBytes, formatDuration, formatTable } from './format';

/**
 * A manifest as a person reads it: status, the run holding the job (if any), input, each step
 * (the duration of its last attempt), outputs, the error with advice.
 */
export function describeJob(
  manifest: JobManifest,
  { lease }: { lease?: RunLease | undefined } = {},
): string {
  const lines: string[] = [];
  lines.push(
    `Job ${manifest.jobId} (tenant ${manifest.tenantId}, env ${manifest.env}): ${manifest.status}`,
  );
  lines.push(
    `  created ${manifest.createdAt}, updated ${manifest.updatedAt}, manifest version ${manifest.version}`,
  );
  if (lease !== undefined) {
    lines.push(
      `  running run ${lease.runId} since ${lease.acquiredAt} (lease until ${lease.expiresAt})`,
    );
  }
  const { input } = manifest;
  lines.push(
    `  input   ${input.fileName}: ${input.key} (${formatBytes(input.bytes)}, sha256 ${input.sha256.slice(0, 12)}…)`,
  );
  if (input.probe) {
    const streams = input.probe.streams
      .map((stream) =>
        stream.type === 'video'
          ? `${stream.codecName} ${stream.width}x${stream.height}`
          : `${stream.codecName} ${stream.type}`,
      )
      .join(', ');
    lines.push(`          ${input.probe.durationSec.toFixed(2)} s, ${streams}`);
  }
  const steps = Object.entries(manifest.steps);
  if (steps.length > 0) {
    lines.push('  steps');
    lines.push(
      formatTable(
        steps.map(([name, record]) => [
          name,
          record.status,
          `${record.attempts.length} attempt${record.attempts.length === 1 ? '' : 's'}`,
          formatLastAttemptDuration(record),
          record.error
            ? record.error.code
            : `${record.outputs.length} output${record.outputs.length === 1 ? '' : 's'}`,
        ]),
        '    ',
      ),
    );
  }
  lines.push(...describeOutputs(manifest));
  if (manifest.error) {
    lines.push(`  error   ${manifest.error.code}: ${manifest.error.message}`);
    lines.push(`  advice  ${manifest.error.advice}`);
  }
  return lines.join('\n');
}

/** The outputs of every step, one row each (key, size, duration); nothing when there are none. */
export function describeOutputs(manifest: JobManifest): string[] {
  const outputs = Object.values(manifest.steps).flatMap((record) => record.outputs);
  if (outputs.length === 0) return [];
  const rows = outputs.map((output) => [
    output.key,
    formatBytes(output.bytes),
    output.durationSec === undefined ? '' : `${output.durationSec.toFixed(2)} s`,
  ]);
  return ['  outputs', formatTable(rows, '    ')];
}

/**
 * How long the step's last attempt took: a step run again (a retry, a re-render) shows that
 * attempt's time, not the manifest's `durationMs` (first start to last finish, every attempt
 * between). Undefined while the attempt runs.
 *
 * @example
 * lastAttemptDurationMs(manifest.steps['video-render-engine']!); // → 18_040
 */
export function lastAttemptDurationMs(record: StepRecord): number | undefined {
  const last = record.attempts.at(-1);
  return last === undefined ? record.durationMs : last.durationMs;
}

/** {@link lastAttemptDurationMs} as text, '' when there is none. */
export function formatLastAttemptDuration(record: StepRecord): string {
  const durationMs = lastAttemptDurationMs(record);
  return durationMs === undefined ? '' : formatDuration(durationMs);
}
