import { InvalidRequestError, PermissionDeniedError } from '@reel/error-taxonomy';
import { describe, expect, it } from 'vitest';
import { signLocalUrl, verifyLocalUrl } from './local-url-signature';
import {
  DEFAULT_PART_SIZE_BYTES,
  MIN_PART_SIZE_BYTES,
  MULTIPART_THRESHOLD_BYTES,
  checkCompletedParts,
  planMultipartUpload,
} from './multipart-upload';

const MIB = 1024 ** 2;

describe('Function: planMultipartUpload', () => {
  it('cuts a file into 64 MiB parts by default, the last one the rest, URLs valid 1 h', () => {
    // Act
    const plan = planMultipartUpload({ contentLength: 150 * MIB, nowMs: 1_000_000_500 });

    // Assess
    expect(MULTIPART_THRESHOLD_BYTES).toBe(100 * MIB);
    expect(plan.partSizeBytes).toBe(DEFAULT_PART_SIZE_BYTES);
    expect(plan.parts).toEqual([
      { partNumber: 1, sizeBytes: 64 * MIB },
      { partNumber: 2, sizeBytes: 64 * MIB },
      { partNumber: 3, sizeBytes: 22 * MIB },
    ]);
    expect(plan.expiresAt.getTime()).toBe((1_000_000 + 3600) * 1000);
  });

  it.each([
    [{ contentLength: 0 }, 'contentLength'],
    [{ contentLength: 1.5 }, 'contentLength'],
    [{ contentLength: 10 * MIB, partSizeBytes: MIN_PART_SIZE_BYTES - 1 }, 'partSizeBytes'],
    [{ contentLength: 10_001 * 5 * MIB, partSizeBytes: 5 * MIB }, 'at most 10000'],
    [{ contentLength: 10 * MIB, expiresInSec: 8 * 24 * 3600 }, 'expiresInSec'],
  ])('refuses %j', (options, named) => {
    // Act
    const plan = () => planMultipartUpload(options);

    // Assess
    expect(plan).toThrow(InvalidRequestError);
    expect(plan).toThrow(named);
  });
});

describe('Function: checkCompletedParts', () => {
  it('drops the quotes S3 puts around ETags', () => {
    expect(checkCompletedParts({ key: 'k', parts: [{ partNumber: 1, etag: '"abc"' }] })).toEqual([
      { partNumber: 1, etag: 'abc' },
    ]);
  });

  it.each([
    [[], undefined],
    [[{ partNumber: 2, etag: 'a' }], undefined],
    [[{ partNumber: 1, etag: '""' }], undefined],
    [[{ partNumber: 1, etag: 'a' }], 2],
  ])('refuses the list %j (expecting %s parts)', (parts, expectedCount) => {
    expect(() => checkCompletedParts({ key: 'k', parts, expectedCount })).toThrow(
      InvalidRequestError,
    );
  });
});

describe('Function: signLocalUrl (part URLs)', () => {
  const secret = 'part-url-secret-0123456789abcdefghijklmnop';
  const key = 'dev/acme/v1/talk.mp4';
  const uploadId = 'ab'.repeat(16);

  function query(url: string): string {
    return url.slice(url.indexOf('?') + 1);
  }

  it('grants PUT of exactly that part, and nothing else', () => {
    // Prepare
    const url = signLocalUrl({
      baseUrl: 'http://127.0.0.1:8080/uploads',
      key,
      method: 'PUT',
      expiresAtMs: Date.now() + 60_000,
      contentLength: 5 * MIB,
      part: { uploadId, partNumber: 2 },
      secret,
    });
    const plain = signLocalUrl({
      baseUrl: 'http://127.0.0.1:8080/uploads',
      key,
      method: 'PUT',
      expiresAtMs: Date.now() + 60_000,
      contentLength: 5 * MIB,
      secret,
    });

    // Act
    const granted = verifyLocalUrl({ key, method: 'PUT', query: query(url), secret });
    const asGet = () => verifyLocalUrl({ key, method: 'GET', query: query(url), secret });
    const plainAsPart = () =>
      verifyLocalUrl({
        key,
        method: 'PUT',
        query: `${query(plain)}&uploadId=${uploadId}&partNumber=2`,
        secret,
      });
    const withoutPart = () =>
      verifyLocalUrl({
        key,
        method: 'PUT',
        query: query(url).replace(/&uploadId=[^&]+&partNumber=2/, ''),
        secret,
      });

    // Assess
    expect(granted).toMatchObject({
      method: 'PUT',
      contentLength: 5 * MIB,
      part: { uploadId, partNumber: 2 },
    });
    expect(asGet).toThrow(PermissionDeniedError);
    expect(plainAsPart).toThrow(PermissionDeniedError);
    expect(withoutPart).toThrow(PermissionDeniedError);
  });
});
