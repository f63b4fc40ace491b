import { InternalError, InvalidRequestError } from '@reel/error-taxonomy';
import { describe, expect, it } from 'vitest';
import { createJobManifest } from './create-job-manifest';
import {
  formatFieldPath,
  parseStoredManifest,
  prepareManifestForWrite,
} from './manifest-validation';

const manifest = createJobManifest({
  env: 'dev',
  tenantId: 'acme',
  jobId: 'ep-42',
  correlationId: 'req-1',
  now: new Date('2025-01-01T00:00:00.000Z'),
  input: { key: 'dev/acme/ep-42/input/talk.mp4', bytes: 10, sha256: 'c'.repeat(64) },
});
const source = '/storage/dev/acme/ep-42/manifest.json';

describe('Function: parseStoredManifest', () => {
  it('parses manifest text and documents alike', () => {
    expect(parseStoredManifest(JSON.stringify(manifest), { source })).toEqual(manifest);
    expect(parseStoredManifest(manifest, { source })).toEqual(manifest);
  });

  it('reports text that is not JSON as damage to the whole document', () => {
    // Act
    const parse = () => parseStoredManifest('{"schemaVersion":', { source });

    // Assess
    expect(parse).toThrow(InternalError);
    expect(parse).toThrow(`Manifest ${source} is damaged at (document): not valid JSON`);
  });

  it('names the first failing field and lists all of them', () => {
    // Prepare
    const damaged = { ...manifest, status: 'done', input: { ...manifest.input, bytes: 'ten' } };

    // Act
    let thrown: unknown;
    try {
      parseStoredManifest(damaged, { source });
    } catch (error) {
      thrown = error;
    }

    // Assess
    expect(thrown).toBeInstanceOf(InternalError);
    expect(thrown).toMatchObject({
      code: 'INTERNAL',
      retryable: false,
      httpStatus: 500,
      details: { source, fieldPath: 'status', fieldPaths: ['status', 'input.bytes'] },
    });
    expect((thrown as Error).message).toContain(`Manifest ${source} is damaged at status`);
  });
});

describe('Function: prepareManifestForWrite', () => {
  it('drops undefined fields so the result is plain JSON data', () => {
    const prepared = prepareManifestForWrite({ ...manifest, error: undefined });
    expect(Object.keys(prepared)).not.toContain('error');
  });

  it('rejects an invalid manifest with InvalidRequestError naming the field', () => {
    const invalid = { ...manifest, correlationId: '' };
    expect(() => prepareManifestForWrite(invalid)).toThrow(InvalidRequestError);
    expect(() => prepareManifestForWrite(invalid)).toThrow(/at correlationId/);
  });
});

describe('Function: formatFieldPath', () => {
  it('writes object keys with dots and array indexes in brackets', () => {
    expect(formatFieldPath(['steps', 'audio-extraction', 'attempts', 0, 'startedAt'])).toBe(
      'steps.audio-extraction.attempts[0].startedAt',
    );
    expect(formatFieldPath([])).toBe('(document)');
  });
});
