import { mapWithConcurrency } from '@reel/concurrency';
import type { FfmpegRuntime } from '@reel/ffmpeg-runtime';
import { publishStepOutputs, type JobEventRef } from '@reel/lambda-kit';
import type { StepOutput } from '@reel/manifest';
import type { Observability } from '@reel/observability';
import type { MediaStorage } from '@reel/storage';
import type { RenderedFile } from './render-audio';

export interface PublishOutputsOptions {
  files: RenderedFile[];
  job: JobEventRef;
  storage: MediaStorage;
  runtime: FfmpegRuntime;
  observability: Observability;
  deadlineAtMs: number;
  signal: AbortSignal;
}

// Enough to overlap ffprobe starts without crowding one vCPU.
const PARALLEL_PROBES = 4;

/**
 * Probes each rendered file for its duration and publishes them under the job's `audio/` folder,
 * replacing what an earlier attempt left there (e.g. segments of another length), so the folder
 * always holds exactly one attempt's outputs.
 */
export async function publishOutputs({
  files,
  job,
  storage,
  runtime,
  observability,
  deadlineAtMs,
  signal,
}: PublishOutputsOptions): Promise<StepOutput[]> {
  const durations = await mapWithConcurrency(
    files,
    { concurrency: PARALLEL_PROBES, signal },
    async ({ path }, probeSignal) => {
      const summary = await runtime.probe({
        input: path,
        deadlineAtMs,
        signal: probeSignal,
        observability,
      });
      return summary.durationSec;
    },
  );
  return publishStepOutputs({
    job,
    kind: 'audio',
    files: files.map(({ name, path }, index) => ({ name, path, durationSec: durations[index] })),
    storage,
    signal,
    replaceFolder: true,
    observability,
  });
}
