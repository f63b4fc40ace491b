import {
  fromLambdaErrorName,
  InternalError,
  toErrorInfo,
  type ErrorInfo,
} from '@reel/error-taxonomy';
import * as z from 'zod';

/** What a Task's `Catch` puts in `$.failure`: the error name and, for Lambda errors, a JSON cause. */
export const taskFailureSchema = z.object({
  Error: z.string().max(1_000).optional(),
  Cause: z.string().max(100_000).optional(),
});

const lambdaErrorSchema = z.object({ errorType: z.string(), errorMessage: z.string() });
const MAX_MESSAGE_CHARS = 2_000;

/**
 * The typed error a caught Task failure stands for: Lambda's `Cause` JSON names the class and the
 * message (`CorruptInputError` → CorruptInput); anything else is Internal naming the error.
 *
 * @example
 * taskFailureError({ Error: 'CorruptInputError', Cause: '{"errorType":"CorruptInputError","errorMessage":"short"}' }).code; // 'CORRUPT_INPUT'
 */
export function taskFailureError(failure: z.output<typeof taskFailureSchema>): ErrorInfo {
  let cause: unknown;
  try {
    cause = JSON.parse(failure.Cause ?? '');
  } catch {
    cause = undefined;
  }
  const parsed = lambdaErrorSchema.safeParse(cause);
  const thrown = parsed.success
    ? fromLambdaErrorName(
        parsed.data.errorType,
        parsed.data.errorMessage.slice(0, MAX_MESSAGE_CHARS),
        { details: { workflowError: failure.Error ?? null } },
      )
    : undefined;
  return toErrorInfo(
    thrown ??
      new InternalError(
        `The workflow task failed with ${failure.Error ?? 'an unnamed error'}`.slice(
          0,
          MAX_MESSAGE_CHARS,
        ),
        { details: { workflowError: failure.Error ?? null } },
      ),
  );
}
