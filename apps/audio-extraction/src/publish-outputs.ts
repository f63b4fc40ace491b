import type { FfmpegRuntime } from '@reel/ffmpeg-runtime';
import type { JobEventRef } from '@reel/lambda-kit';
import type { StepOutput } from '@reel/manifest';
import type { Observability } from '@reel/observability';
import { buildJobKey, buildJobRootKey, putFiles, type MediaStorage } from '@reel/storage';
import type { RenderedFile } from './render-audio';

export interface PublishOutputsOptions {
  files: RenderedFile[];
  job: JobEventRef;
  storage: MediaStorage;
  runtime: FfmpegRuntime;
  observability: Observability;
  deadlineEpochMs: number;
  signal: AbortSignal;
}

// Enough to overlap ffprobe starts and S3 round trips without crowding one vCPU.
const BATCH_SIZE = 4;

/**
 * Probes each rendered file for its duration, uploads it under the job's `audio/` folder and then
 * removes what an earlier attempt left there that this one did not write (e.g. segments of another
 * length), so the folder always holds exactly one attempt's outputs. When an upload fails,
 * `putFiles` removes what this attempt stored before the error is rethrown.
 */
export async function publishOutputs({
  files,
  job,
  storage,
  runtime,
  observability,
  deadlineEpochMs,
  signal,
}: PublishOutputsOptions): Promise<StepOutput[]> {
  const planned = files.map((file) => ({
    ...file,
    key: buildJobKey({ ...job, kind: 'audio', name: file.name }),
  }));
  const durations = await inBatches(planned, async ({ path }) => {
    const summary = await runtime.probe({ input: path, deadlineEpochMs, signal, observability });
    return summary.durationSec;
  });
  const stored = await putFiles({ storage, files: planned, signal, concurrency: BATCH_SIZE });
  await removeStale({ storage, job, keep: new Set(stored.map(({ key }) => key)), observability });
  return stored.map(({ key, bytes, contentType }, index) => ({
    key,
    bytes,
    contentType,
    durationSec: durations[index],
  }));
}

async function removeStale({
  storage,
  job,
  keep,
  observability,
}: {
  storage: MediaStorage;
  job: JobEventRef;
  keep: Set<string>;
  observability: Observability;
}): Promise<void> {
  const stale = (await storage.list({ prefix: `${buildJobRootKey(job)}/audio/` })).filter(
    ({ key }) => !keep.has(key),
  );
  await Promise.all(stale.map(({ key }) => storage.delete({ key })));
  if (stale.length > 0)
    observability.logger.info('Removed outputs of an earlier attempt', { objects: stale.length });
}

async function inBatches<T, R>(
  items: T[],
  work: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results: R[] = [];
  for (let start = 0; start < items.length; start += BATCH_SIZE) {
    const batch = items.slice(start, start + BATCH_SIZE);
    results.push(...(await Promise.all(batch.map((item, offset) => work(item, start + offset)))));
  }
  return results;
}
