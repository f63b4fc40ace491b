import { createInvokeHandler } from '@reel/lambda-kit';
import * as z from 'zod';
import { runValidation } from './run-validation';

/** The deployment check: invoke it after every deploy (or `npx nx run ffmpeg-validation:invoke` locally). */
export const handler = createInvokeHandler({
  service: 'ffmpeg-validation',
  eventSchema: z.object({}).strict(),
  handle: ({ dependencies, observability, deadlineEpochMs }) =>
    runValidation({ runtime: dependencies.runtime, observability, deadlineEpochMs }),
});
