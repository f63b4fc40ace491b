import { createHash } from 'node:crypto';
import { InvalidRequestError } from '@reel/error-taxonomy';
import { assertValidId } from '@reel/storage';

/** Step Functions execution names: 1–80 of these characters (no spaces, no '/', no unicode). */
const EXECUTION_NAME_PATTERN = /^[A-Za-z0-9_-]{1,80}$/;

export interface BuildExecutionNameOptions {
  tenantId: string;
  jobId: string;
  /** The run's number from the manifest (`run.number`, `nextRunNumber`): 1, 2, … per job. */
  runNumber: number;
}

/**
 * The Step Functions execution name of a job's run: `j` + the first 16 hex of
 * sha256(`${tenantId}/${jobId}`) + `-r${runNumber}`. Hashed because tenant and job ids together
 * can pass 80 characters and execution names are visible account-wide (the ids stay in the input);
 * numbered because a name is never reusable for 90 days, so every run of a job needs its own, and
 * the same run started twice (a retried request) gets the same one, which Step Functions treats
 * as the same execution.
 *
 * @example
 * buildExecutionName({ tenantId: 'acme', jobId: 'v0123456789ab', runNumber: 1 }); // 'j…16 hex…-r1'
 */
export function buildExecutionName({
  tenantId,
  jobId,
  runNumber,
}: BuildExecutionNameOptions): string {
  assertValidId('tenantId', tenantId);
  assertValidId('jobId', jobId);
  if (!Number.isSafeInteger(runNumber) || runNumber < 1) {
    throw new InvalidRequestError(`runNumber ${String(runNumber)} is not a positive integer`, {
      details: { field: 'runNumber', runNumber: String(runNumber) },
      advice: 'Pass the run number startRun recorded (manifest.run.number), 1 for a first run.',
    });
  }
  const digest = createHash('sha256').update(`${tenantId}/${jobId}`).digest('hex').slice(0, 16);
  const name = `j${digest}-r${runNumber}`;
  // At most 1 + 16 + 2 + 16 digits = 35 characters of the allowed set; kept as a guard.
  if (!EXECUTION_NAME_PATTERN.test(name)) throw new TypeError(`Bad execution name ${name}`);
  return name;
}
