// A separate OS process that updates one manifest concurrently with its siblings. Started by
// local-manifest-store.test.ts with `fork(…, { execArgv: ['--import', 'tsx'] })`; it says `ready`,
// waits for `go` so that all workers start together, then runs its updates at once.
import { createRetryPolicy } from '@reel/retry-policy';
import { createLocalManifestStore } from '../../src/local-manifest-store';
import { startStepAttempt } from '../../src/step-bookkeeping';
import { updateManifest } from '../../src/update-manifest';

export interface WorkerTask {
  rootDir: string;
  env: string;
  tenantId: string;
  jobId: string;
  /** Stamped into each attempt's startedAt so the test can tell whose update survived. */
  writerIds: number[];
  baseMs: number;
}

export type WorkerMessage =
  { type: 'ready'; pid: number } | { type: 'done'; pid: number; updated: number };

const task = JSON.parse(process.argv[2] ?? '{}') as WorkerTask;
const store = createLocalManifestStore({ rootDir: task.rootDir, env: task.env });
const policy = createRetryPolicy({ maxAttempts: 100, baseDelayMs: 5, maxDelayMs: 250 });

function send(message: WorkerMessage): void {
  process.send?.(message);
}

process.once('message', async () => {
  const results = await Promise.all(
    task.writerIds.map((writerId) =>
      updateManifest(
        store,
        { tenantId: task.tenantId, jobId: task.jobId },
        (draft) =>
          startStepAttempt(draft, { step: 'stress', now: new Date(task.baseMs + writerId * 1000) }),
        { policy },
      ),
    ),
  );
  send({ type: 'done', pid: process.pid, updated: results.length });
  process.disconnect();
});
send({ type: 'ready', pid: process.pid });
