import { describe, expect, it } from 'vitest';
import { errorFromTaskFailure } from './task-failure';

const lambdaCause = (errorType: string, errorMessage: string) =>
  JSON.stringify({ errorType, errorMessage, trace: [] });

describe('Function: errorFromTaskFailure', () => {
  it('rebuilds a reel error from the Lambda errorType and errorMessage', () => {
    // Act
    const info = errorFromTaskFailure({
      Error: 'UnsupportedMediaError',
      Cause: lambdaCause('UnsupportedMediaError', 'The container hls is not allowed'),
    });

    // Assess
    expect(info).toMatchObject({
      type: 'UnsupportedMedia',
      code: 'UNSUPPORTED_MEDIA',
      message: 'The container hls is not allowed',
      retryable: false,
      details: { workflowError: 'UnsupportedMediaError' },
    });
    expect(info.advice.length).toBeGreaterThan(0);
  });

  it('keeps an error type reel does not know in the message of an Internal error', () => {
    // Act
    const info = errorFromTaskFailure({
      Error: 'TypeError',
      Cause: lambdaCause('TypeError', 'x is undefined'),
    });

    // Assess
    expect(info).toMatchObject({ type: 'Internal', message: 'TypeError: x is undefined' });
  });

  it('treats a Cause that is not Lambda JSON as Internal', () => {
    // Act
    const info = errorFromTaskFailure({ Error: 'CorruptInputError', Cause: '{"half":' });

    // Assess
    expect(info).toMatchObject({
      type: 'Internal',
      message: expect.stringContaining('CorruptInputError'),
    });
  });

  it('reports the workflow’s own task timeout as Timeout', () => {
    // Act
    const info = errorFromTaskFailure({ Error: 'States.Timeout' });

    // Assess
    expect(info).toMatchObject({ type: 'Timeout', code: 'TIMEOUT' });
  });

  it('shortens a huge message', () => {
    // Act
    const info = errorFromTaskFailure({
      Error: 'InternalError',
      Cause: lambdaCause('InternalError', 'x'.repeat(50_000)),
    });

    // Assess
    expect(info.message.length).toBeLessThanOrEqual(2_000);
  });
});
