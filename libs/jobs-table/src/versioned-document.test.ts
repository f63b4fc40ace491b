import { ConflictError, InvalidRequestError } from '@reel/error-taxonomy';
import { describe, expect, it } from 'vitest';
import { prepareVersionedPut, staleVersionError } from './versioned-document';

const now = new Date('2030-01-02T03:04:05.678Z');
const document = { env: 'dev', version: 3, updatedAt: '2030-01-01T00:00:00.000Z', body: 'x' };
const naming = { subject: 'Record r-1', details: { recordId: 'r-1' } };

describe('Function: prepareVersionedPut', () => {
  it('writes the version after the expected one, stamped now, and keeps the rest', () => {
    // Act
    const next = prepareVersionedPut(document, {
      storeEnv: 'dev',
      expectedVersion: 7,
      lowestExpectedVersion: 1,
      now,
      ...naming,
    });

    // Assess
    expect(next).toEqual({ ...document, version: 8, updatedAt: now.toISOString() });
  });

  it('accepts version 0 only when the store lets a put create the document', () => {
    // Prepare
    const options = { storeEnv: 'dev', expectedVersion: 0, now, ...naming };

    // Act
    const created = prepareVersionedPut(document, { ...options, lowestExpectedVersion: 0 });
    const refused = () => prepareVersionedPut(document, { ...options, lowestExpectedVersion: 1 });

    // Assess
    expect(created.version).toBe(1);
    expect(refused).toThrow(InvalidRequestError);
    expect(refused).toThrow('expectedVersion must be an integer ≥ 1; got 0');
  });

  it('refuses a fractional expected version', () => {
    // Act
    const put = () =>
      prepareVersionedPut(document, {
        storeEnv: 'dev',
        expectedVersion: 1.5,
        lowestExpectedVersion: 0,
        now,
        ...naming,
      });

    // Assess
    expect(put).toThrow(InvalidRequestError);
  });

  it('refuses a document of another env, naming both envs and the document', () => {
    // Act
    const put = () =>
      prepareVersionedPut(
        { ...document, env: 'prod' },
        { storeEnv: 'dev', expectedVersion: 3, lowestExpectedVersion: 1, now, ...naming },
      );

    // Assess
    expect(put).toThrow('Record r-1 is for env "prod"; this store holds "dev"');
  });
});

describe('Function: staleVersionError', () => {
  it('is a retryable ConflictError with both versions and the document in its details', () => {
    // Act
    const error = staleVersionError({ ...naming, expectedVersion: 2, actualVersion: 5 });

    // Assess
    expect(error).toBeInstanceOf(ConflictError);
    expect(error.retryable).toBe(true);
    expect(error.message).toBe('Record r-1 is stored at version 5, not 2');
    expect(error.details).toEqual({ recordId: 'r-1', expectedVersion: 2, actualVersion: 5 });
  });
});
