import { errorCatalog, errorTypes } from '@reel/error-taxonomy';
import { assertValidPolicy, defaultRetryPolicy, type RetryPolicy } from './retry-policy';

/** One entry of an Amazon States Language `Retry` array. */
export interface AslRetrier {
  ErrorEquals: string[];
  /** Seconds before the first retry; a positive integer. */
  IntervalSeconds: number;
  /** Retries after the first attempt (ASL counts retries, not attempts); 0 disables retrying. */
  MaxAttempts: number;
  /** Multiplier of the interval per retry; ≥ 1. */
  BackoffRate: number;
  /** Cap on any one interval, in seconds; a positive integer. */
  MaxDelaySeconds: number;
  /** `FULL` waits a random time between 0 and the computed interval, like {@link computeBackoffMs}. */
  JitterStrategy: 'FULL' | 'NONE';
}

export interface ToStepFunctionsRetryOptions {
  /** Defaults to {@link defaultRetryPolicy}. */
  policy?: RetryPolicy;
  /** Replaces the default list: the retryable taxonomy errors plus Lambda's own transient faults. */
  errorEquals?: string[];
}

/** Faults of the Lambda service itself that AWS recommends retrying on every Lambda task. */
const lambdaServiceErrors = [
  'Lambda.ServiceException',
  'Lambda.AWSLambdaException',
  'Lambda.SdkClientException',
  'Lambda.TooManyRequestsException',
];

// Limits from the States Language specification and the Step Functions quotas.
const maxAslMaxAttempts = 99_999_999;
const maxAslDelaySeconds = 31_622_399;

/**
 * Renders a {@link RetryPolicy} as a States Language `Retry` array, so a task retried by the
 * workflow waits and gives up like the same work retried in-process by {@link retry}. By default
 * it matches the Lambda `errorType` of every retryable taxonomy type (the class name, e.g.
 * `TransientError`) plus Lambda service faults. Seconds are rounded up, and at least 1, because
 * ASL intervals are whole seconds.
 *
 * @example
 * const processStep = {
 *   Type: 'Task',
 *   Resource: functionArn,
 *   Retry: toStepFunctionsRetry({ policy: createRetryPolicy({ maxAttempts: 4 }) }),
 *   Catch: [{ ErrorEquals: ['States.ALL'], Next: 'MarkFailed' }],
 * }
 */
export function toStepFunctionsRetry({
  policy = defaultRetryPolicy,
  errorEquals = defaultErrorEquals(),
}: ToStepFunctionsRetryOptions = {}): AslRetrier[] {
  assertValidPolicy(policy);
  if (
    errorEquals.length === 0 ||
    errorEquals.some((name) => typeof name !== 'string' || name.length === 0)
  ) {
    throw new TypeError('errorEquals must be a non-empty list of non-empty error names', {
      cause: { errorEquals },
    });
  }
  const intervalSeconds = Math.max(1, Math.ceil(policy.baseDelayMs / 1000));
  const maxDelaySeconds = Math.max(intervalSeconds, Math.ceil(policy.maxDelayMs / 1000));
  const maxRetries = policy.maxAttempts - 1;
  if (maxRetries > maxAslMaxAttempts || maxDelaySeconds > maxAslDelaySeconds) {
    throw new TypeError(
      `Retry policy exceeds States Language limits (MaxAttempts ≤ ${maxAslMaxAttempts}, MaxDelaySeconds ≤ ${maxAslDelaySeconds})`,
      { cause: { policy } },
    );
  }
  return [
    {
      ErrorEquals: [...errorEquals],
      IntervalSeconds: intervalSeconds,
      MaxAttempts: maxRetries,
      BackoffRate: policy.backoffRate,
      MaxDelaySeconds: maxDelaySeconds,
      JitterStrategy: 'FULL',
    },
  ];
}

function defaultErrorEquals(): string[] {
  const retryableErrorNames = errorTypes
    .filter((type) => errorCatalog[type].retryable)
    .map((type) => `${type}Error`);
  return [...retryableErrorNames, ...lambdaServiceErrors];
}
