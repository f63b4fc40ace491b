import type { S3Client } from '@aws-sdk/client-s3';
import type { KeyRules } from './key-rules';
import type {
  AbortMultipartUploadOptions,
  CompleteMultipartUploadOptions,
  CreateMultipartUploadOptions,
  MediaStorage,
  MultipartUpload,
  MultipartUploadPart,
  StoredObject,
} from './media-storage';
import { resolveContentType } from './content-type';
import {
  InvalidPartListError,
  MultipartUploadNotFoundError,
  checkCompletedParts,
  planMultipartUpload,
  type CompletedPart,
} from './multipart-upload';
import { withoutEmptyBodyChecksum, withoutEmptyBodyChecksumPlacement } from './s3-presign';
import { toStorageError } from './storage-error';
import { uploadHeaders } from './upload-url';

type S3Sdk = typeof import('./s3-sdk');

/** S3's answers about a part list, read once here (by error name) into the lib's typed errors. */
const PART_LIST_ERRORS = new Set(['InvalidPart', 'InvalidPartOrder', 'EntityTooSmall']);

function errorName(error: unknown): string | undefined {
  const name = (error as { name?: unknown; Code?: unknown } | null)?.name;
  return typeof name === 'string' ? name : undefined;
}

function toMultipartError(error: unknown, key: string, uploadId: string, operation: string) {
  const name = errorName(error);
  if (name === 'NoSuchUpload')
    return new MultipartUploadNotFoundError(key, uploadId, { cause: error });
  if (name !== undefined && PART_LIST_ERRORS.has(name)) {
    return new InvalidPartListError(`S3 refused the part list of "${key}" (${name})`, {
      key,
      uploadId,
      s3Error: name,
    });
  }
  return toStorageError({ error, backend: 'aws', operation, key, details: { uploadId } });
}

/**
 * The S3 backend's multipart uploads: CreateMultipartUpload, one presigned UploadPart URL per part
 * whose signature covers its Content-Length (so S3 refuses a part of another size), then
 * CompleteMultipartUpload with the listed parts (or those ListParts finds) — or
 * AbortMultipartUpload. S3 keeps an unfinished upload's parts until aborted; the upload bucket's
 * lifecycle rule (AbortIncompleteMultipartUpload) removes forgotten ones.
 */
export function createS3Multipart({
  bucket,
  keys,
  s3,
  head,
}: {
  bucket: string;
  keys: KeyRules;
  s3: () => Promise<{ sdk: S3Sdk; client: S3Client }>;
  head: MediaStorage['head'];
}): Pick<
  MediaStorage,
  'createMultipartUpload' | 'completeMultipartUpload' | 'abortMultipartUpload'
> {
  /** One presigned UploadPart URL per planned part, each signing its Content-Length. */
  function presignParts({
    sdk,
    client,
    key,
    uploadId,
    plan,
  }: {
    sdk: S3Sdk;
    client: S3Client;
    key: string;
    uploadId: string;
    plan: ReturnType<typeof planMultipartUpload>;
  }): Promise<MultipartUploadPart[]> {
    return Promise.all(
      plan.parts.map(async ({ partNumber, sizeBytes }) => {
        const command = new sdk.UploadPartCommand({
          Bucket: bucket,
          Key: key,
          UploadId: uploadId,
          PartNumber: partNumber,
          ContentLength: sizeBytes,
        });
        command.middlewareStack.addRelativeTo(
          withoutEmptyBodyChecksum,
          withoutEmptyBodyChecksumPlacement,
        );
        const url = await sdk.getSignedUrl(client, command, {
          expiresIn: plan.expiresInSec,
          signableHeaders: new Set(['content-length']),
        });
        return { partNumber, url, headers: uploadHeaders(sizeBytes), sizeBytes };
      }),
    );
  }

  async function createMultipartUpload({
    key,
    contentLength,
    partSizeBytes,
    expiresInSec,
  }: CreateMultipartUploadOptions): Promise<MultipartUpload> {
    keys.assertKey(key);
    const plan = planMultipartUpload({ contentLength, partSizeBytes, expiresInSec });
    const { sdk, client } = await s3();
    let uploadId: string | undefined;
    try {
      const created = await client.send(
        new sdk.CreateMultipartUploadCommand({
          Bucket: bucket,
          Key: key,
          ContentType: resolveContentType({ key, contentType: undefined }),
        }),
      );
      uploadId = created.UploadId;
    } catch (error) {
      throw toStorageError({
        error,
        backend: 'aws',
        operation: 'start a multipart upload of',
        key,
      });
    }
    if (uploadId === undefined) {
      throw toStorageError({
        error: new Error('CreateMultipartUpload answered no UploadId'),
        backend: 'aws',
        operation: 'start a multipart upload of',
        key,
      });
    }
    const id = uploadId;
    const parts = await presignParts({ sdk, client, key, uploadId: id, plan }).catch(
      async (error: unknown) => {
        // No URL reached a client: the upload is abandoned at once rather than left for the lifecycle rule.
        await abortMultipartUpload({ key, uploadId: id }).catch(() => undefined);
        throw toStorageError({ error, backend: 'aws', operation: 'presign the parts of', key });
      },
    );
    return { uploadId: id, parts, expiresAt: plan.expiresAt };
  }

  async function listUploadedParts(key: string, uploadId: string): Promise<CompletedPart[]> {
    const { sdk, client } = await s3();
    const found: CompletedPart[] = [];
    for await (const page of sdk.paginateListParts(
      { client },
      { Bucket: bucket, Key: key, UploadId: uploadId },
    )) {
      for (const { PartNumber, ETag } of page.Parts ?? []) {
        if (PartNumber !== undefined && ETag !== undefined) {
          found.push({ partNumber: PartNumber, etag: ETag });
        }
      }
    }
    return found.sort((left, right) => left.partNumber - right.partNumber);
  }

  async function completeMultipartUpload({
    key,
    uploadId,
    parts,
  }: CompleteMultipartUploadOptions): Promise<StoredObject> {
    keys.assertKey(key);
    if (typeof uploadId !== 'string' || uploadId === '' || uploadId.length > 1024) {
      throw new MultipartUploadNotFoundError(key, String(uploadId));
    }
    try {
      const listed = checkCompletedParts({
        key,
        parts: parts ?? (await listUploadedParts(key, uploadId)),
      });
      const { sdk, client } = await s3();
      await client.send(
        new sdk.CompleteMultipartUploadCommand({
          Bucket: bucket,
          Key: key,
          UploadId: uploadId,
          MultipartUpload: {
            Parts: listed.map(({ partNumber, etag }) => ({
              PartNumber: partNumber,
              ETag: `"${etag}"`,
            })),
          },
        }),
      );
    } catch (error) {
      if (error instanceof InvalidPartListError) throw error;
      throw toMultipartError(error, key, uploadId, 'complete the multipart upload of');
    }
    return head({ key });
  }

  async function abortMultipartUpload({ key, uploadId }: AbortMultipartUploadOptions) {
    keys.assertKey(key);
    if (typeof uploadId !== 'string' || uploadId === '' || uploadId.length > 1024) return;
    try {
      const { sdk, client } = await s3();
      await client.send(
        new sdk.AbortMultipartUploadCommand({ Bucket: bucket, Key: key, UploadId: uploadId }),
      );
    } catch (error) {
      const typed = toMultipartError(error, key, uploadId, 'abort the multipart upload of');
      if (typed instanceof MultipartUploadNotFoundError) return;
      throw typed;
    }
  }

  return { createMultipartUpload, completeMultipartUpload, abortMultipartUpload };
}
