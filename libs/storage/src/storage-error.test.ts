import {
  ConfigInvalidError,
  InputMissingError,
  InvalidRequestError,
  PermissionDeniedError,
  TimeoutError,
  TransientError,
} from '@reel/error-taxonomy';
import { describe, expect, it } from 'vitest';
import { toStorageError } from './storage-error';

const key = 'dev/acme/ep-42/input/source.mp4';

function sdkError(name: string, message: string): Error {
  return Object.assign(new Error(message), { name, $metadata: { httpStatusCode: 404 } });
}

describe('Function: toStorageError', () => {
  it.each([
    ['NoSuchKey', InputMissingError],
    ['NotFound', InputMissingError],
    ['AccessDenied', PermissionDeniedError],
    ['NoSuchBucket', ConfigInvalidError],
    ['SlowDown', TransientError],
  ])('maps the SDK error %s to its taxonomy class, naming the key', (name, expected) => {
    // Act
    const error = toStorageError({
      error: sdkError(name, 'UnknownError'),
      backend: 'aws',
      operation: 'head',
      key,
    });

    // Assess
    expect(error).toBeInstanceOf(expected);
    expect(error.message).toContain(key);
    expect(error.details).toEqual({ backend: 'aws', operation: 'head', key });
  });

  it('maps ENOENT to InputMissingError', () => {
    // Prepare
    const enoent = Object.assign(new Error('no such file'), { code: 'ENOENT' });

    // Act
    const error = toStorageError({ error: enoent, backend: 'local', operation: 'read', key });

    // Assess
    expect(error).toBeInstanceOf(InputMissingError);
    expect(error.message).toBe(`No object at "${key}" (local storage)`);
    expect(error.cause).toBe(enoent);
  });

  it('reports an aborted call as a TimeoutError whatever the abort caused', () => {
    // Prepare
    const controller = new AbortController();
    controller.abort();

    // Act
    const error = toStorageError({
      error: new Error('socket hang up'),
      backend: 'aws',
      operation: 'write',
      key,
      signal: controller.signal,
    });

    // Assess
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error.message).toBe(`Storage write of "${key}" was aborted`);
  });

  it('passes typed errors through unchanged', () => {
    // Prepare
    const invalid = new InvalidRequestError('bad key');

    // Act
    const error = toStorageError({ error: invalid, backend: 'local', operation: 'write', key });

    // Assess
    expect(error).toBe(invalid);
  });
});
