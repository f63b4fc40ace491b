import type { JobManifest } from './job-manifest-schema';

export interface StartRunOptions {
  /** The run that holds the job's run lease. */
  runId: string;
  now: Date;
}

/**
 * The number the job's next run gets: the latest run's + 1, or 1. A manifest written before run
 * numbers (schemaVersion < 3) whose `run` has none counts that run as 0, so its next run is 1.
 * Numbers only grow, which is what keeps execution names (`buildExecutionName`) unique per job.
 *
 * @example
 * const runNumber = nextRunNumber(manifest); // 1 for a job never run
 */
export function nextRunNumber(manifest: Pick<JobManifest, 'run'>): number {
  return (manifest.run?.number ?? 0) + 1;
}

/**
 * Records that a run starts (pure; for `updateManifest`): the job is `queued` again, the previous
 * run's job-level error is cleared, and `run` names this run with the next run number — so
 * whatever ends up in `error` is this run's, and a step's older error can be told apart by its
 * time. Whoever starts a run (and holds its lease) calls it; steps keep their records.
 *
 * @example
 * await updateManifest(store, ref, (draft) => startRun(draft, { runId, now: new Date() }));
 */
export function startRun(manifest: JobManifest, { runId, now }: StartRunOptions): JobManifest {
  const next = structuredClone(manifest);
  next.status = 'queued';
  delete next.error;
  next.run = { runId, startedAt: now.toISOString(), number: nextRunNumber(manifest) };
  return next;
}
