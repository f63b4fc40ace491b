import { randomBytes } from 'node:crypto';

/**
 * A new local run id, `run-<yyyymmddhhmmss>-<6 hex>` (UTC): sortable by start time, unique across
 * concurrent starts, and a valid Step Functions execution name (≤ 80 of `A-Za-z0-9-_`). It names
 * the run's lease, its log file and the workflow input's `job.runId`.
 *
 * @example
 * createRunId(new Date('2026-01-02T03:04:05Z')); // 'run-20260102030405-9f1c2a'
 */
export function createRunId(now: Date = new Date()): string {
  const stamp = now.toISOString().replace(/[-:T]/g, '').slice(0, 14);
  return `run-${stamp}-${randomBytes(3).toString('hex')}`;
}
