import {
  fromErrorInfo,
  fromLambdaErrorName,
  toErrorInfo,
  type ErrorInfo,
  type ErrorType,
} from '@reel/error-taxonomy';
import * as z from 'zod';

/** What a Task's `Catch` puts in `$.failure`: the error name and, for Lambda errors, a JSON cause. */
export const taskFailureSchema = z.object({
  Error: z.string().max(1_000).optional(),
  Cause: z.string().max(100_000).optional(),
});

export type TaskFailure = z.output<typeof taskFailureSchema>;

/** How Lambda reports a handler's error; Step Functions passes it on as the `Cause` JSON. */
const lambdaErrorSchema = z.object({ errorType: z.string(), errorMessage: z.string() });

// Failures the platform reports itself, without a reel error class behind them.
const platformErrorTypes: Readonly<Record<string, ErrorType>> = {
  'States.Timeout': 'Timeout',
  'Sandbox.Timedout': 'Timeout',
};

const MAX_MESSAGE_CHARS = 2_000;

/**
 * The typed error of a failed workflow Task, from its `Catch` output: the Lambda `errorType` names
 * the class (`CorruptInputError` → CorruptInput) and `errorMessage` is the message. A type reel does
 * not know, or a cause that is not Lambda's JSON, is Internal — except the platform's own timeouts
 * (`States.Timeout`, `Sandbox.Timedout`), which are Timeout.
 *
 * @example
 * errorFromTaskFailure({ Error: 'CorruptInputError', Cause: '{"errorType":"CorruptInputError","errorMessage":"moov atom not found"}' });
 * // → { type: 'CorruptInput', code: 'CORRUPT_INPUT', message: 'moov atom not found', … }
 */
export function errorFromTaskFailure({ Error: errorName, Cause: cause }: TaskFailure): ErrorInfo {
  const lambdaError = parseLambdaError(cause);
  if (lambdaError === undefined) {
    const type = errorName === undefined ? undefined : platformErrorTypes[errorName];
    const reason = cause ? `: ${cause}` : '';
    return describe(
      type ?? 'Internal',
      `The workflow task failed with ${errorName ?? 'an unnamed error'}${reason}`,
      errorName,
    );
  }
  const { errorType, errorMessage } = lambdaError;
  const thrown = fromLambdaErrorName(errorType, errorMessage.slice(0, MAX_MESSAGE_CHARS), {
    details: { workflowError: errorName ?? null },
  });
  if (thrown !== undefined) return toErrorInfo(thrown);
  const platformType = platformErrorTypes[errorType];
  return platformType === undefined
    ? describe('Internal', `${errorType}: ${errorMessage}`, errorName)
    : describe(platformType, errorMessage, errorName);
}

function describe(type: ErrorType, message: string, errorName: string | undefined): ErrorInfo {
  return toErrorInfo(
    fromErrorInfo({
      type,
      message: message.slice(0, MAX_MESSAGE_CHARS),
      details: { workflowError: errorName ?? null },
    }),
  );
}

function parseLambdaError(
  cause: string | undefined,
): z.output<typeof lambdaErrorSchema> | undefined {
  if (cause === undefined) return undefined;
  try {
    const parsed = lambdaErrorSchema.safeParse(JSON.parse(cause));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}
