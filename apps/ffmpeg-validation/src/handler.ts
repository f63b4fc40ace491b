import { loadConfig } from '@reel/config';
import { buildAtInit, createJobHandler, createServiceDependencies } from '@reel/lambda-kit';
import * as z from 'zod';
import { runValidation } from './run-validation';

/**
 * The deployment check, about no job: invoke it after every deploy (or
 * `npx nx run ffmpeg-validation:invoke` locally). The config and clients are built at import
 * (init); a bad config fails the first invocation.
 */
export const handler = createJobHandler({
  service: 'ffmpeg-validation',
  operation: 'validate-runtime',
  eventSchema: z.object({}).strict(),
  handle: ({ dependencies, observability, deadlineAtMs }) =>
    runValidation({ runtime: dependencies.runtime, observability, deadlineAtMs }),
  dependencies: buildAtInit(() =>
    createServiceDependencies(loadConfig(process.env), { service: 'ffmpeg-validation' }),
  ),
});
