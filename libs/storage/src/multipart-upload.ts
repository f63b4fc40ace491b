import { InvalidRequestError, NotFoundError, type ErrorDetails } from '@reel/error-taxonomy';
import { DEFAULT_UPLOAD_URL_EXPIRY_SEC } from './upload-url';
import { resolveUrlExpiry } from './url-expiry';

const MIB = 1024 ** 2;

/** Files over this size are uploaded in parts (a single PUT below it). */
export const MULTIPART_THRESHOLD_BYTES = 100 * MIB;
/** The part size when the caller names none: 80 parts for a 5 GiB file. */
export const DEFAULT_PART_SIZE_BYTES = 64 * MIB;
/** S3's smallest part (every part but the last); both backends hold to it. */
export const MIN_PART_SIZE_BYTES = 5 * MIB;
/** S3's largest part. */
export const MAX_PART_SIZE_BYTES = 5 * 1024 ** 3;
/** S3's most parts in one upload. */
export const MAX_PART_COUNT = 10_000;
/** S3's largest object. */
export const MAX_MULTIPART_UPLOAD_BYTES = 5 * 1024 ** 4;

/** Thrown for an upload id that does not exist (never made, aborted, completed) or is another key's. */
export class MultipartUploadNotFoundError extends NotFoundError {
  constructor(key: string, uploadId: string, options: { cause?: unknown } = {}) {
    super(`No multipart upload ${JSON.stringify(uploadId.slice(0, 64))} for "${key}"`, {
      ...options,
      details: { key, uploadId: uploadId.slice(0, 64) },
      advice:
        'Start a new multipart upload: this one was completed, aborted, expired or never made.',
    });
    this.name = 'MultipartUploadNotFoundError';
  }
}

/** Thrown when the parts named at completion are not exactly the ones the upload needs. */
export class InvalidPartListError extends InvalidRequestError {
  constructor(message: string, details: ErrorDetails) {
    super(message, {
      details,
      advice:
        'Upload every part with its URL, then complete with each part number (1…N, ascending) and the ETag its PUT answered.',
    });
    this.name = 'InvalidPartListError';
  }
}

/** One part to upload. */
export interface PlannedPart {
  partNumber: number;
  sizeBytes: number;
}

/** A part as uploaded: the ETag its PUT answered. */
export interface CompletedPart {
  partNumber: number;
  etag: string;
}

function invalid(message: string, details: ErrorDetails): InvalidRequestError {
  return new InvalidRequestError(message, { details });
}

/**
 * The checked plan of a multipart upload: `contentLength` 1 B–5 TiB cut into parts of
 * `partSizeBytes` (5 MiB–5 GiB, default 64 MiB; the last part the rest), at most 10,000 of them,
 * and the part URLs' expiry (default 1 h, at most 7 days). Both backends call it, so a plan S3
 * would refuse fails locally too.
 *
 * @example
 * const { parts, expiresAt } = planMultipartUpload({ contentLength: 300 * 1024 ** 2 });
 */
export function planMultipartUpload({
  contentLength,
  partSizeBytes = DEFAULT_PART_SIZE_BYTES,
  expiresInSec,
  nowMs = Date.now(),
}: {
  contentLength: number;
  partSizeBytes?: number;
  expiresInSec?: number;
  nowMs?: number;
}): { parts: PlannedPart[]; partSizeBytes: number; expiresInSec: number; expiresAt: Date } {
  if (
    !Number.isSafeInteger(contentLength) ||
    contentLength < 1 ||
    contentLength > MAX_MULTIPART_UPLOAD_BYTES
  ) {
    throw invalid(
      `contentLength ${String(contentLength)} must be a whole number of bytes from 1 to ${MAX_MULTIPART_UPLOAD_BYTES}`,
      { contentLength: String(contentLength) },
    );
  }
  if (
    !Number.isSafeInteger(partSizeBytes) ||
    partSizeBytes < MIN_PART_SIZE_BYTES ||
    partSizeBytes > MAX_PART_SIZE_BYTES
  ) {
    throw invalid(
      `partSizeBytes ${String(partSizeBytes)} must be a whole number of bytes from ${MIN_PART_SIZE_BYTES} (5 MiB) to ${MAX_PART_SIZE_BYTES} (5 GiB)`,
      { partSizeBytes: String(partSizeBytes) },
    );
  }
  const partCount = Math.ceil(contentLength / partSizeBytes);
  if (partCount > MAX_PART_COUNT) {
    throw invalid(
      `${contentLength} bytes in parts of ${partSizeBytes} make ${partCount} parts; at most ${MAX_PART_COUNT}`,
      { contentLength, partSizeBytes, partCount },
    );
  }
  const parts = Array.from({ length: partCount }, (_, index) => ({
    partNumber: index + 1,
    sizeBytes: Math.min(partSizeBytes, contentLength - index * partSizeBytes),
  }));
  const seconds = resolveUrlExpiry(expiresInSec ?? DEFAULT_UPLOAD_URL_EXPIRY_SEC);
  const expiresAt = new Date((Math.floor(nowMs / 1000) + seconds) * 1000);
  return { parts, partSizeBytes, expiresInSec: seconds, expiresAt };
}

/**
 * Checks a part list given at completion: part numbers 1…N in ascending order, each once, each
 * with an ETag (quotes dropped, as S3 compares them). `expectedCount`, when known, must be N.
 *
 * @example
 * const parts = checkCompletedParts({ key, parts: body.parts, expectedCount: 3 });
 */
export function checkCompletedParts({
  key,
  parts,
  expectedCount,
}: {
  key: string;
  parts: readonly CompletedPart[];
  expectedCount?: number;
}): CompletedPart[] {
  if (!Array.isArray(parts) || parts.length === 0 || parts.length > MAX_PART_COUNT) {
    throw new InvalidPartListError(
      `The part list of "${key}" must name 1 to ${MAX_PART_COUNT} parts`,
      {
        key,
      },
    );
  }
  const checked = parts.map((part, index) => {
    const partNumber = (part as Partial<CompletedPart> | undefined)?.partNumber;
    const etag = (part as Partial<CompletedPart> | undefined)?.etag;
    if (partNumber !== index + 1) {
      throw new InvalidPartListError(
        `Part ${index + 1} of the list for "${key}" is numbered ${String(partNumber)}; parts must be 1…N in ascending order`,
        { key, position: index + 1, partNumber: String(partNumber) },
      );
    }
    if (typeof etag !== 'string' || etag.replace(/"/g, '') === '' || etag.length > 200) {
      throw new InvalidPartListError(`Part ${partNumber} of "${key}" has no ETag`, {
        key,
        partNumber,
      });
    }
    return { partNumber, etag: etag.replace(/"/g, '') };
  });
  if (expectedCount !== undefined && checked.length !== expectedCount) {
    throw new InvalidPartListError(
      `"${key}" was planned in ${expectedCount} parts; the list names ${checked.length}`,
      { key, expectedCount, listedCount: checked.length },
    );
  }
  return checked;
}
