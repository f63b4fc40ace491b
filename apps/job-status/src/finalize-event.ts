import { jobEventRefSchema } from '@reel/lambda-kit';
import * as z from 'zod';
import { taskFailureSchema } from './task-failure';

/** `MarkCompleted` sends `{ job, action: 'complete' }`; `MarkFailed` adds the Catch's `failure`. */
export const finalizeEventSchema = z.discriminatedUnion('action', [
  z.object({ job: jobEventRefSchema, action: z.literal('complete') }),
  z.object({ job: jobEventRefSchema, action: z.literal('fail'), failure: taskFailureSchema }),
]);

export type FinalizeEvent = z.output<typeof finalizeEventSchema>;
