import type { JobManifest } from './job-manifest-schema';

export interface StartRunOptions {
  /** The run that holds the job's run lease. */
  runId: string;
  now: Date;
}

/**
 * Records that a run starts (pure; for `updateManifest`): the job is `queued` again, the previous
 * run's job-level error is cleared, and `run` names this run — so whatever ends up in `error` is
 * this run's, and a step's older error can be told apart by its time. Whoever starts a run (and
 * holds its lease) calls it; steps keep their records.
 *
 * @example
 * await updateManifest(store, ref, (draft) => startRun(draft, { runId, now: new Date() }));
 */
export function startRun(manifest: JobManifest, { runId, now }: StartRunOptions): JobManifest {
  const next = structuredClone(manifest);
  next.status = 'queued';
  delete next.error;
  next.run = { runId, startedAt: now.toISOString() };
  return next;
}
