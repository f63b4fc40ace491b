import { describe, expect, it } from 'vitest';
import { errorTypes } from './error-catalog';
import { GuardrailExceededError, errorClasses } from './errors';
import { fromLambdaErrorName } from './from-lambda-error-name';
import { RunLeaseConflictError } from './run-lease-conflict-error';
import { toErrorInfo } from './error-info';

describe('Function: fromLambdaErrorName', () => {
  it('rebuilds the taxonomy class a handler threw, with its message and advice', () => {
    // Act
    const error = fromLambdaErrorName('GuardrailExceededError', 'The input is 7 h long', {
      advice: 'Trim it.',
    });

    // Assess
    expect(error).toBeInstanceOf(GuardrailExceededError);
    expect(error).toMatchObject({
      code: 'GUARDRAIL_EXCEEDED',
      message: 'The input is 7 h long',
      advice: 'Trim it.',
    });
  });

  it('rebuilds a run lease conflict as the non-retryable conflict it was', () => {
    const error = fromLambdaErrorName('RunLeaseConflictError', 'Job j1 is run by run-b');

    expect(error).toBeInstanceOf(RunLeaseConflictError);
    expect(toErrorInfo(error)).toMatchObject({
      type: 'Conflict',
      code: 'CONFLICT',
      retryable: false,
    });
  });

  it('rebuilds every catalog type by its class name, the HTTP ones included', () => {
    for (const type of errorTypes) {
      const error = fromLambdaErrorName(`${type}Error`, 'boom');
      expect(error).toBeInstanceOf(errorClasses[type]);
      expect(error?.type).toBe(type);
    }
    expect(fromLambdaErrorName('RateLimitedError', 'busy')).toMatchObject({ retryAfterSec: 1 });
  });

  it('returns undefined for a name reel does not throw', () => {
    expect(fromLambdaErrorName('TypeError', 'x is undefined')).toBeUndefined();
    expect(fromLambdaErrorName('Error', 'boom')).toBeUndefined();
  });
});

describe('Class: RunLeaseConflictError', () => {
  it('is a conflict under its own Lambda errorType, so the workflow Retry on ConflictError skips it', () => {
    const error = new RunLeaseConflictError('Job j1 is run by run-b', {
      details: { runId: 'run-b' },
    });

    expect(error.name).toBe('RunLeaseConflictError');
    expect(error.type).toBe('Conflict');
    expect(error.retryable).toBe(false);
    expect(error.details).toEqual({ runId: 'run-b' });
  });
});
