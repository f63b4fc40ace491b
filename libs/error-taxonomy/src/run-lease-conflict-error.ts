import { ConflictError } from './errors';
import type { ReelErrorOptions } from './reel-error';

/**
 * A workflow step of a run that does not hold its job's run lease (another run took the job over,
 * or the lease was already released). Type `Conflict` (code `CONFLICT`, HTTP 409) like every
 * conflict, but never retryable: the optimistic-write `ConflictError` is retried because re-reading
 * fixes it, while running the step again cannot give this run the lease back. Its own class name is
 * the Lambda `errorType`, which the workflow's Retry (it lists `ConflictError`) does not match, so
 * Step Functions does not spin on it.
 *
 * @example
 * if (lease?.runId !== job.runId) throw new RunLeaseConflictError(`Job ${jobId} is run by ${lease?.runId}`);
 */
export class RunLeaseConflictError extends ConflictError {
  override readonly retryable: boolean = false;

  constructor(message: string, options?: ReelErrorOptions) {
    super(message, {
      advice:
        'Another run holds this job. Wait for it to finish (reel status), or start a new run once its lease has expired.',
      ...options,
    });
    this.name = 'RunLeaseConflictError';
  }
}
