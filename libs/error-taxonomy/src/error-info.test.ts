import { describe, expect, it } from 'vitest';
import { errorCatalog, errorTypes } from './error-catalog';
import { fromErrorInfo, toErrorInfo } from './error-info';
import { CorruptInputError, GuardrailExceededError, TransientError, errorClasses } from './errors';
import { ReelError } from './reel-error';

describe('Catalog', () => {
  it('gives every type a unique stable code and a class named after it', () => {
    // Assess
    const codes = errorTypes.map((type) => errorCatalog[type].code);
    expect(new Set(codes).size).toBe(errorTypes.length);
    for (const type of errorTypes) {
      const error = new errorClasses[type]('boom');
      expect(error).toBeInstanceOf(ReelError);
      expect(error.name).toBe(`${type}Error`);
      expect(error.code).toMatch(/^[A-Z_]+$/);
      expect(error.advice.length).toBeGreaterThan(20);
    }
  });

  it('gives InvalidRequest generic advice that says nothing about id syntax', () => {
    // Act
    const error = new errorClasses.InvalidRequest('The segment duration is out of range');

    // Assess
    expect(error.advice).toBe(errorCatalog.InvalidRequest.advice);
    expect(error.advice).not.toMatch(/\bids?\b|\^\[a-z0-9\]/);
  });

  it('marks only Conflict, RateLimited and Transient as retryable', () => {
    const retryable = errorTypes.filter((type) => errorCatalog[type].retryable);
    expect(retryable.sort()).toEqual(['Conflict', 'RateLimited', 'Transient']);
  });

  it('answers each HTTP type with its own status and a code apart from the media types', () => {
    // Assess
    expect({
      Unauthorized: errorCatalog.Unauthorized.httpStatus,
      NotFound: errorCatalog.NotFound.httpStatus,
      MethodNotAllowed: errorCatalog.MethodNotAllowed.httpStatus,
      PayloadTooLarge: errorCatalog.PayloadTooLarge.httpStatus,
      UnsupportedContentType: errorCatalog.UnsupportedContentType.httpStatus,
      RateLimited: errorCatalog.RateLimited.httpStatus,
      Cancelled: errorCatalog.Cancelled.httpStatus,
    }).toEqual({
      Unauthorized: 401,
      NotFound: 404,
      MethodNotAllowed: 405,
      PayloadTooLarge: 413,
      UnsupportedContentType: 415,
      RateLimited: 429,
      Cancelled: 409,
    });
    expect(errorCatalog.UnsupportedContentType.code).not.toBe(errorCatalog.UnsupportedMedia.code);
    expect(errorCatalog.PayloadTooLarge.code).not.toBe(errorCatalog.GuardrailExceeded.code);
  });

  it('gives every type an HTTP error status and a title', () => {
    for (const type of errorTypes) {
      expect(errorCatalog[type].httpStatus).toBeGreaterThanOrEqual(400);
      expect(errorCatalog[type].httpStatus).toBeLessThan(600);
      expect(errorCatalog[type].title.length).toBeGreaterThan(3);
    }
  });
});

describe('Function: toErrorInfo', () => {
  it('turns a typed error into plain data without a stack', () => {
    // Prepare
    const error = new GuardrailExceededError('Input is 7200 s long; the limit is 3600 s', {
      details: { limit: 3600, actual: 7200, unused: undefined },
    });

    // Act
    const info = toErrorInfo(error);

    // Assess
    expect(info).toEqual({
      type: 'GuardrailExceeded',
      code: 'GUARDRAIL_EXCEEDED',
      message: 'Input is 7200 s long; the limit is 3600 s',
      advice: errorCatalog.GuardrailExceeded.advice,
      retryable: false,
      httpStatus: 422,
      details: { limit: 3600, actual: 7200 },
    });
    expect(JSON.stringify(info)).not.toContain('at ');
  });

  it('classifies Node errno errors by code', () => {
    const enospc = Object.assign(new Error('write failed'), { code: 'ENOSPC' });
    const eacces = Object.assign(new Error('open failed'), { code: 'EACCES' });
    expect(toErrorInfo(enospc).type).toBe('TmpExhausted');
    expect(toErrorInfo(eacces).type).toBe('PermissionDenied');
  });

  it('classifies AWS SDK errors by name and $retryable', () => {
    const noSuchKey = Object.assign(new Error('The specified key does not exist.'), {
      name: 'NoSuchKey',
    });
    const conditional = Object.assign(new Error('The conditional request failed'), {
      name: 'ConditionalCheckFailedException',
    });
    const throttled = Object.assign(new Error('Rate exceeded'), {
      name: 'SomethingNew',
      $retryable: { throttling: true },
    });
    expect(toErrorInfo(noSuchKey).code).toBe('INPUT_MISSING');
    expect(toErrorInfo(conditional).code).toBe('CONFLICT');
    expect(toErrorInfo(throttled)).toMatchObject({ code: 'TRANSIENT', retryable: true });
  });

  it('makes a non-error thrown value Internal with its text as message', () => {
    expect(toErrorInfo('disk on fire')).toMatchObject({
      type: 'Internal',
      message: 'disk on fire',
      retryable: false,
    });
  });
});

describe('Function: fromErrorInfo', () => {
  it('rebuilds the same class from data', () => {
    // Prepare
    const info = toErrorInfo(new TransientError('S3 503', { details: { attempt: 2 } }));

    // Act
    const rebuilt = fromErrorInfo(info);

    // Assess
    expect(rebuilt).toBeInstanceOf(TransientError);
    expect(rebuilt.retryable).toBe(true);
    expect(rebuilt.details).toEqual({ attempt: 2 });
  });

  it('falls back to Internal for a type it does not know', () => {
    const rebuilt = fromErrorInfo({ type: 'Gremlins' as never, message: 'odd' });
    expect(rebuilt.type).toBe('Internal');
  });

  it('keeps the cause on a typed error', () => {
    const cause = new Error('root');
    expect(new CorruptInputError('bad', { cause }).cause).toBe(cause);
  });
});
