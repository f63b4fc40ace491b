import { describe, expect, it } from 'vitest';
import { errorCatalog, errorTypes } from './error-catalog';
import { fromErrorInfo, toErrorInfo } from './error-info';
import {
  CancelledError,
  GuardrailExceededError,
  InternalError,
  MethodNotAllowedError,
  NotFoundError,
  PayloadTooLargeError,
  RateLimitedError,
  UnauthorizedError,
  UnsupportedContentTypeError,
  errorClasses,
} from './errors';
import { toProblemDetails, toProblemResponse } from './problem-details';
import { toReelError } from './to-reel-error';

describe('Function: toProblemDetails', () => {
  it('answers a typed error with its status, code, message, advice and the instance', () => {
    // Prepare
    const error = new NotFoundError('No video v-123', { details: { path: '/secret/tmp/v-123' } });

    // Act
    const problem = toProblemDetails(error, { instance: '/videos/v-123' });

    // Assess
    expect(problem).toEqual({
      type: '/problems/not-found',
      title: 'Not found',
      status: 404,
      code: 'NOT_FOUND',
      detail: 'No video v-123',
      advice: errorCatalog.NotFound.advice,
      retryable: false,
      instance: '/videos/v-123',
    });
  });

  it('leaves out details, stack and cause even when the error has them', () => {
    // Prepare
    const cause = new Error('connect ECONNREFUSED 10.0.3.7:5432');
    const error = new GuardrailExceededError('The input is 7200 s long; the limit is 3600 s', {
      cause,
      details: { stderrTail: '/var/task/in.mp4: huge' },
    });

    // Act
    const body = JSON.stringify(toProblemDetails(error));

    // Assess
    expect(body).not.toContain('stderrTail');
    expect(body).not.toContain('/var/task');
    expect(body).not.toContain('ECONNREFUSED');
    expect(body).not.toMatch(/\bat .*\.ts:\d+/);
    expect(JSON.parse(body)).toMatchObject({ status: 422, code: 'GUARDRAIL_EXCEEDED' });
  });

  it('makes an unknown exception Internal with a generic message', () => {
    // Prepare
    const error = new TypeError("Cannot read properties of undefined (reading 'tenantId')");

    // Act
    const problem = toProblemDetails(error);

    // Assess
    expect(problem).toMatchObject({
      type: '/problems/internal',
      status: 500,
      code: 'INTERNAL',
      detail: 'An unexpected error occurred.',
      retryable: false,
    });
    expect(JSON.stringify(problem)).not.toMatch(/tenantId|TypeError|Cannot read/);
  });

  it.each([
    ['a string', 'password=hunter2'],
    ['null', null],
    ['an object', { message: 'db at 10.0.0.1 down', stack: 'at x.ts:1' }],
  ])('makes %s thrown Internal without quoting it', (_label, thrown) => {
    const body = JSON.stringify(toProblemDetails(thrown));
    expect(JSON.parse(body)).toMatchObject({ status: 500, code: 'INTERNAL' });
    expect(body).not.toMatch(/hunter2|10\.0\.0\.1|x\.ts/);
  });

  it('hides the message of an Internal error even when reel threw it', () => {
    const problem = toProblemDetails(new InternalError('ffmpeg crashed: /tmp/reel-x/in.mp4'));
    expect(problem.detail).toBe('An unexpected error occurred.');
    expect(problem.advice).toBe(errorCatalog.Internal.advice);
  });

  it('keeps the status of a wrapped foreign error but not its message', () => {
    // Prepare
    const throttled = Object.assign(new Error('Rate exceeded for table reel-jobs-prod'), {
      name: 'ThrottlingException',
    });

    // Act
    const problem = toProblemDetails(toReelError(throttled));

    // Assess
    expect(problem).toMatchObject({
      status: 503,
      code: 'TRANSIENT',
      detail: 'Temporary failure.',
      retryable: true,
    });
    expect(JSON.stringify(problem)).not.toContain('reel-jobs-prod');
  });

  it('carries retryAfterSec on a 429 and keeps it through toErrorInfo and back', () => {
    // Prepare
    const error = new RateLimitedError('Too many clips are being cut', { retryAfterSec: 2.2 });

    // Act
    const direct = toProblemDetails(error);
    const rebuilt = toProblemDetails(fromErrorInfo(toErrorInfo(error)));

    // Assess
    expect(direct).toMatchObject({ status: 429, code: 'RATE_LIMITED', retryAfterSec: 3 });
    expect(rebuilt.retryAfterSec).toBe(3);
    expect(toProblemDetails(new NotFoundError('x'))).not.toHaveProperty('retryAfterSec');
  });

  it('omits instance when none is given and prefixes type with a given base URI', () => {
    const problem = toProblemDetails(new PayloadTooLargeError('2 GB declared; limit 1 GB'), {
      typeBaseUri: 'https://api.example.com/problems/',
    });
    expect(problem).not.toHaveProperty('instance');
    expect(problem.type).toBe('https://api.example.com/problems/payload-too-large');
    expect(problem.status).toBe(413);
  });

  it('gives every catalog type its own type URI and the catalog status', () => {
    // Act
    const problems = errorTypes.map((type) =>
      toProblemDetails(new errorClasses[type]('the message')),
    );

    // Assess
    expect(new Set(problems.map((problem) => problem.type)).size).toBe(errorTypes.length);
    for (const [index, type] of errorTypes.entries()) {
      expect(problems[index]).toMatchObject({
        status: errorCatalog[type].httpStatus,
        code: errorCatalog[type].code,
        title: errorCatalog[type].title,
      });
    }
  });
});

describe('Function: toProblemResponse', () => {
  it('sets Retry-After on a 429', () => {
    const response = toProblemResponse(new RateLimitedError('Busy', { retryAfterSec: 4 }));
    expect(response.status).toBe(429);
    expect(response.headers).toEqual({
      'content-type': 'application/problem+json',
      'retry-after': '4',
    });
  });

  it('sets WWW-Authenticate on a 401', () => {
    const response = toProblemResponse(new UnauthorizedError('Unknown API key'));
    expect(response.headers['www-authenticate']).toBe('Bearer');
    expect(response.body.code).toBe('UNAUTHORIZED');
  });

  it('sets Allow on a 405 that names its methods', () => {
    const response = toProblemResponse(
      new MethodNotAllowedError('PATCH is not allowed on /videos', {
        allowedMethods: ['GET', 'POST'],
      }),
    );
    expect(response.status).toBe(405);
    expect(response.headers['allow']).toBe('GET, POST');
  });

  it('answers a content type problem 415 with its own code, not the media one', () => {
    const response = toProblemResponse(new UnsupportedContentTypeError('Send application/json'));
    expect(response.body).toMatchObject({ status: 415, code: 'UNSUPPORTED_CONTENT_TYPE' });
  });

  it('answers a cancelled run 409, not retryable', () => {
    const response = toProblemResponse(new CancelledError('Video v-1 was cancelled'));
    expect(response.body).toMatchObject({ status: 409, code: 'CANCELLED', retryable: false });
    expect(response.headers).toEqual({ 'content-type': 'application/problem+json' });
  });
});
