import { loadConfig } from '@reel/config';
import {
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

/** Lambda's entry: the config is read from the environment once, on the first invocation. */
export const handler = createJobStatusHandler(() =>
  createServiceDependencies(loadConfig(process.env), { service: 'job-status' }),
);
