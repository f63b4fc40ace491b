import { loadConfig } from '@reel/config';
import {
  buildAtInit,
  createJobHandler,
  createServiceDependencies,
  type ServiceDependencies,
} from '@reel/lambda-kit';
import { finalizeEventSchema } from './finalize-event';
import { finalizeJob } from './finalize-job';

/** The workflow's finalize tasks' handler over the given dependencies (tests pass their own). */
export function createJobStatusHandler(dependencies: () => ServiceDependencies) {
  return createJobHandler({
    service: 'job-status',
    operation: 'finalize',
    eventSchema: finalizeEventSchema,
    handle: finalizeJob,
    dependencies,
  });
}

/** Lambda's entry: built at import (init); a bad config fails the first invocation, typed. */
export const handler = createJobStatusHandler(
  buildAtInit(() => createServiceDependencies(loadConfig(process.env), { service: 'job-status' })),
);
