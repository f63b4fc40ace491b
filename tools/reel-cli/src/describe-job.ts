import type { JobManifest, RunLease, StepRecord } from '@reel/manifest';
import { describeStreams } from './describe-streams';
import { formatBytes, formatDuration, formatTable } from './format';

/**
 * A manifest as a person reads it: status, the run holding the job (if any), input, each step
 * (the duration of its last attempt), outputs (a failed step's earlier ones too), the streams of
 * the transcode with a command that plays them (when `locate` is given), the error with advice.
 */
export function describeJob(
  manifest: JobManifest,
  {
    lease,
    outputSizes,
    locate,
    playable = false,
  }: {
    lease?: RunLease | undefined;
    /** Bytes by key of the outputs a failed step's earlier success wrote (see describeOutputs). */
    outputSizes?: ReadonlyMap<string, number>;
    /** Where a key is for a person (see describeStreams); without it, no streams section. */
    locate?: (key: string) => string;
    /** Whether `ffplay` can open what `locate` returns (a local path). */
    playable?: boolean;
  } = {},
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
  const { input, upload } = manifest;
  if (input) {
    lines.push(
      `  input   ${input.fileName}: ${input.key} (${formatBytes(input.bytes)}, sha256 ${input.sha256.slice(0, 12)}…)`,
    );
  } else if (upload) {
    // Created by the video API before its file: the upload it waits for.
    lines.push(
      `  input   none yet: awaiting upload of ${upload.fileName} to ${upload.key} (${formatBytes(upload.declaredBytes)}, until ${upload.expiresAt})`,
    );
  } else {
    lines.push('  input   none yet');
  }
  if (input?.probe) {
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
  lines.push(...describeOutputs(manifest, { sizes: outputSizes }));
  if (locate) lines.push(...describeStreams(manifest.results.transcode, { locate, playable }));
  if (manifest.error) {
    lines.push(`  error   ${manifest.error.code}: ${manifest.error.message}`);
    lines.push(`  advice  ${manifest.error.advice}`);
  }
  return lines.join('\n');
}

/**
 * The outputs of every step, one row each (key, size, duration); nothing when there are none. A
 * step whose last attempt failed lists the outputs of its last succeeded attempt (read from the
 * job's results: they stay in place), saying so, and whether that was an earlier run. `sizes`
 * (bytes by key, e.g. from storage) fills their size column; a key missing from it reads
 * "missing".
 */
export function describeOutputs(
  manifest: JobManifest,
  { sizes }: { sizes?: ReadonlyMap<string, number> } = {},
): string[] {
  const lines: string[] = [];
  const outputs = Object.values(manifest.steps).flatMap((record) => record.outputs);
  if (outputs.length > 0) {
    const rows = outputs.map((output) => [
      output.key,
      formatBytes(output.bytes),
      output.durationSec === undefined ? '' : `${output.durationSec.toFixed(2)} s`,
    ]);
    lines.push('  outputs', formatTable(rows, '    '));
  }
  for (const earlier of earlierStepOutputs(manifest)) {
    const when = earlier.fromEarlierRun ? 'an earlier run' : 'this run';
    lines.push(
      `  outputs of ${earlier.step} attempt ${earlier.attempt} (its last success, ${when}; attempt ${earlier.failedAttempt} failed)`,
    );
    const rows = earlier.outputs.map(({ key, durationSec }) => {
      const bytes = sizes?.get(key);
      return [
        key,
        bytes !== undefined ? formatBytes(bytes) : sizes ? 'missing' : '',
        durationSec === undefined ? '' : `${durationSec.toFixed(2)} s`,
      ];
    });
    lines.push(formatTable(rows, '    '));
  }
  return lines;
}

/** What a step wrote in its last succeeded attempt, when a later attempt failed. */
export interface EarlierStepOutputs {
  step: string;
  /** The succeeded attempt whose outputs these are. */
  attempt: number;
  /** The step's last attempt, which failed. */
  failedAttempt: number;
  /** The success came before the job's latest run started (and the failure in it). */
  fromEarlierRun: boolean;
  outputs: Array<{ key: string; durationSec?: number }>;
}

/**
 * Each step whose last attempt failed after an earlier one succeeded: the outputs that success
 * wrote, from the job's results (a failed attempt records no outputs, but a failed re-render
 * leaves the last render and `results.render` in place).
 *
 * @example
 * earlierStepOutputs(manifest); // → [{ step: 'video-render-engine', attempt: 1, failedAttempt: 2, … }]
 */
export function earlierStepOutputs(manifest: JobManifest): EarlierStepOutputs[] {
  return Object.entries(manifest.steps).flatMap(([step, record]) => {
    const failed = record.attempts.at(-1);
    const succeeded = record.attempts.findLast(({ status }) => status === 'succeeded');
    const outputs = resultOutputs(step, manifest.results);
    if (
      failed?.status !== 'failed' ||
      succeeded === undefined ||
      record.outputs.length > 0 ||
      outputs.length === 0
    ) {
      return [];
    }
    const runStartedAt = manifest.run?.startedAt;
    const fromEarlierRun =
      runStartedAt !== undefined &&
      (succeeded.finishedAt ?? succeeded.startedAt) < runStartedAt &&
      failed.startedAt >= runStartedAt;
    return [
      { step, attempt: succeeded.attempt, failedAttempt: failed.attempt, fromEarlierRun, outputs },
    ];
  });
}

/** The files a step's result names (what its last success wrote). */
function resultOutputs(
  step: string,
  results: JobManifest['results'],
): EarlierStepOutputs['outputs'] {
  const keys = (...entries: Array<[string | undefined, number?]>) =>
    entries.flatMap(([key, durationSec]) =>
      key === undefined ? [] : [{ key, ...(durationSec === undefined ? {} : { durationSec }) }],
    );
  const { audio, transcript, plan, render, transcode } = results;
  switch (step) {
    case 'audio-extraction':
      return audio
        ? keys([audio.mp3Key, audio.durationSec], [audio.wavKey, audio.durationSec])
        : [];
    case 'transcription':
      return transcript
        ? keys([transcript.transcriptKey], [transcript.srtKey], [transcript.vttKey])
        : [];
    case 'smart-cut-planner':
      return plan ? keys([plan.planKey], [plan.edlKey], [plan.fcpxmlKey]) : [];
    case 'video-render-engine':
      return render
        ? keys(
            [render.videoKey, render.durationSec],
            [render.srtKey],
            [render.vttKey],
            [render.transcriptKey],
            [render.mp3Key],
            [render.previewKey],
          )
        : [];
    case 'media-transcoder':
      return transcode
        ? keys(
            [transcode.hlsMasterKey, transcode.durationSec],
            [transcode.dashManifestKey, transcode.durationSec],
            [transcode.mp4Key, transcode.durationSec],
            [transcode.posterKey],
            [transcode.thumbnails?.storyboardKey],
          )
        : [];
    default:
      return [];
  }
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
