import { createJobHandler, type ServiceDependencies } from '@reel/lambda-kit';
import { finalizeEventSchema } from './finalize-event';
import { finalizeJob } from './finalize-job';

/** The workflow's finalize tasks' handler; tests pass their own dependencies, Lambda uses `process.env`. */
export function createJobStatusHandler(dependencies?: () => ServiceDependencies) {
  return createJobHandler({
    service: 'job-status',
    operation: 'finalize',
    eventSchema: finalizeEventSchema,
    handle: finalizeJob,
    dependencies,
  });
}

export const handler = createJobStatusHandler();
