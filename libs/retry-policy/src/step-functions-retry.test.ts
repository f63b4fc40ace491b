import { errorCatalog, errorClasses, errorTypes } from '@reel/error-taxonomy';
import { describe, expect, it } from 'vitest';
import { createRetryPolicy } from './retry-policy';
import { toStepFunctionsRetry } from './step-functions-retry';

const lambdaServiceErrors = [
  'Lambda.ServiceException',
  'Lambda.AWSLambdaException',
  'Lambda.SdkClientException',
  'Lambda.TooManyRequestsException',
];

describe('Function: toStepFunctionsRetry', () => {
  it('renders the default policy as one retrier with full jitter', () => {
    // Act
    const retriers = toStepFunctionsRetry({});

    // Assess
    expect(retriers).toEqual([
      {
        ErrorEquals: [
          'ConflictError',
          'TransientError',
          'RateLimitedError',
          ...lambdaServiceErrors,
        ],
        IntervalSeconds: 1,
        MaxAttempts: 2,
        BackoffRate: 2,
        MaxDelaySeconds: 5,
        JitterStrategy: 'FULL',
      },
    ]);
  });

  it('matches the errorType Lambda reports for every retryable taxonomy error', () => {
    // Prepare
    const retryableNames = errorTypes
      .filter((type) => errorCatalog[type].retryable)
      .map((type) => new errorClasses[type]('boom').name);

    // Act
    const [retrier] = toStepFunctionsRetry({});

    // Assess
    expect(retrier?.ErrorEquals).toEqual([...retryableNames, ...lambdaServiceErrors]);
    expect(retrier?.ErrorEquals).not.toContain('CorruptInputError');
    expect(retrier?.ErrorEquals).not.toContain('TimeoutError');
  });

  it('counts retries, not attempts', () => {
    // Act
    const [once] = toStepFunctionsRetry({ policy: createRetryPolicy({ maxAttempts: 1 }) });
    const [five] = toStepFunctionsRetry({ policy: createRetryPolicy({ maxAttempts: 5 }) });

    // Assess
    expect(once?.MaxAttempts).toBe(0);
    expect(five?.MaxAttempts).toBe(4);
  });

  it('rounds intervals up to whole seconds and never below 1', () => {
    // Prepare
    const policy = createRetryPolicy({ baseDelayMs: 1500, maxDelayMs: 12_001, backoffRate: 1.5 });

    // Act
    const [retrier] = toStepFunctionsRetry({ policy });
    const [zeroBase] = toStepFunctionsRetry({
      policy: createRetryPolicy({ baseDelayMs: 0, maxDelayMs: 0 }),
    });

    // Assess
    expect(retrier).toMatchObject({ IntervalSeconds: 2, MaxDelaySeconds: 13, BackoffRate: 1.5 });
    expect(zeroBase).toMatchObject({ IntervalSeconds: 1, MaxDelaySeconds: 1 });
  });

  it('uses the given errorEquals instead of the defaults', () => {
    // Act
    const [retrier] = toStepFunctionsRetry({ errorEquals: ['States.Timeout'] });

    // Assess
    expect(retrier?.ErrorEquals).toEqual(['States.Timeout']);
  });

  it('rejects an empty errorEquals', () => {
    expect(() => toStepFunctionsRetry({ errorEquals: [] })).toThrow(TypeError);
    expect(() => toStepFunctionsRetry({ errorEquals: [''] })).toThrow(TypeError);
  });

  it('rejects a policy beyond what States Language accepts', () => {
    // Prepare
    const policy = createRetryPolicy({ maxDelayMs: 400 * 24 * 3600 * 1000 });

    // Act
    const render = () => toStepFunctionsRetry({ policy });

    // Assess
    expect(render).toThrow(/States Language limits/);
  });
});
