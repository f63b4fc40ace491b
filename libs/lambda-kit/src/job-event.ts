import { InvalidRequestError } from '@reel/error-taxonomy';
import { ENV_PATTERN, ID_PATTERN } from '@reel/storage';
import * as z from 'zod';

/** A run's id: a valid Step Functions execution name (the local runner uses the same form). */
export const RUN_ID_PATTERN = /^[A-Za-z0-9_-]{1,80}$/;

/** The job a workflow task is about; every task's event carries it as `job`. */
export const jobEventRefSchema = z.object({
  env: z.string().regex(ENV_PATTERN),
  tenantId: z.string().regex(ID_PATTERN),
  jobId: z.string().regex(ID_PATTERN),
  correlationId: z.string().min(1).max(256),
  /** The run that holds the job's run lease; every step checks it before it records an attempt. */
  runId: z.string().regex(RUN_ID_PATTERN),
});

export type JobEventRef = z.infer<typeof jobEventRefSchema>;

/**
 * Parses an event with a zod schema; a mismatch is an {@link InvalidRequestError} listing each
 * field path and problem (never the raw event, which may be large or hostile).
 *
 * @example
 * const event = parseEvent(stepEventSchema, rawEvent);
 */
export function parseEvent<T extends z.ZodType>(schema: T, event: unknown): z.output<T> {
  // Interpreted: an environment parses a few events, and compiling the schema costs more.
  const parsed = schema.safeParse(event, { jitless: true });
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map(
    (issue) => `${issue.path.join('.') || '(event)'}: ${issue.message}`,
  );
  throw new InvalidRequestError(`Invalid event: ${problems.join('; ')}`, { details: { problems } });
}
