import { mkdir } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { Readable, addAbortSignal } from 'node:stream';
import type { S3Client } from '@aws-sdk/client-s3';
import type { Upload } from '@aws-sdk/lib-storage';
import { InternalError, PayloadTooLargeError, TransientError } from '@reel/error-taxonomy';
import { writeFileAtomically } from './atomic-file';
import { copyThroughStream } from './copy-through-stream';
import { resolveContentType } from './content-type';
import type {
  CopyFromOptions,
  GetToFileOptions,
  GetUploadUrlOptions,
  MediaStorage,
  PutFileOptions,
  PutStreamOptions,
  S3StorageOptions,
  StoredObject,
  UploadUrl,
} from './media-storage';
import { keyRulesFor } from './key-rules';
import { compareKeys } from './object-key';
import { rememberS3Location, s3LocationOf } from './s3-location';
import { createS3Multipart } from './s3-multipart';
import { withoutEmptyBodyChecksum, withoutEmptyBodyChecksumPlacement } from './s3-presign';
import { openSourceFile } from './source-file';
import { existsFromHead, toStorageError } from './storage-error';
import { resolveUploadUrl, uploadHeaders } from './upload-url';
import { resolveUrlExpiry } from './url-expiry';

/** S3's limit for one CopyObject; larger objects need UploadPartCopy, which uploads never need. */
const MAX_COPY_OBJECT_BYTES = 5 * 1024 ** 3;

function unquote(etag: string | undefined): string | undefined {
  return etag?.replace(/^"|"$/g, '');
}

type S3Sdk = typeof import('./s3-sdk');
let s3SdkLoading: Promise<S3Sdk> | undefined;

/** The AWS SDK, evaluated on the first S3 call of the process, never at import. */
function loadS3Sdk(): Promise<S3Sdk> {
  s3SdkLoading ??= import('./s3-sdk');
  return s3SdkLoading;
}

function asReadable(body: unknown, key: string): Readable {
  if (body instanceof Readable) return body;
  throw new InternalError(`S3 returned no readable body for "${key}"`, { details: { key } });
}

/**
 * The S3 backend of {@link MediaStorage}. Uploads stream through lib-storage's `Upload`: one
 * PutObject below 5 MiB, else a multipart upload of 5 MiB parts, four in flight, so memory stays
 * flat whatever the object's size. A failed or aborted upload is aborted on S3 too
 * (AbortMultipartUpload), so no parts are left to pay for. The SDK is loaded and the client made on
 * the first call, not here. Prefer `createStorage({ backend: 'aws', … })`.
 *
 * @example
 * const storage = createS3Storage({ bucket: 'reel-media', region: 'eu-central-1' });
 */
export function createS3Storage(options: Omit<S3StorageOptions, 'backend'>): MediaStorage {
  const { bucket, listPageSize = 1000 } = options;
  const keys = keyRulesFor(options.keyLayout);
  let connecting: Promise<{ sdk: S3Sdk; client: S3Client }> | undefined;

  async function connect(): Promise<{ sdk: S3Sdk; client: S3Client }> {
    const sdk = await loadS3Sdk();
    const instrument = options.instrumentClient ?? ((made) => made);
    const client =
      options.s3Client ??
      instrument(
        new sdk.S3Client({
          region: options.region,
          ...(options.endpoint === undefined ? {} : { endpoint: options.endpoint }),
          ...(options.forcePathStyle === undefined
            ? {}
            : { forcePathStyle: options.forcePathStyle }),
          ...(options.credentials === undefined ? {} : { credentials: options.credentials }),
        }),
      );
    return { sdk, client };
  }

  /** One client per storage, made on first use. */
  function s3(): Promise<{ sdk: S3Sdk; client: S3Client }> {
    connecting ??= connect();
    return connecting;
  }

  async function upload({
    key,
    body,
    contentType,
    bytes,
    signal,
  }: PutStreamOptions & { bytes?: number }): Promise<StoredObject> {
    // Destroying the body ends lib-storage's read loop; Upload.abort() would settle done() before
    // the in-flight parts finish, so the multipart upload could not be aborted after them.
    const destroyBody = (): void => void body.destroy(signal?.reason);
    let multipart: Upload | undefined;
    try {
      keys.assertKey(key);
      const storedType = resolveContentType({ key, contentType });
      signal?.throwIfAborted();
      signal?.addEventListener('abort', destroyBody, { once: true });
      const { sdk, client } = await s3();
      signal?.throwIfAborted();
      multipart = new sdk.Upload({
        client,
        leavePartsOnError: true,
        params: {
          Bucket: bucket,
          Key: key,
          Body: body,
          ContentType: storedType,
          ...(bytes === undefined ? {} : { ContentLength: bytes }),
        },
      });
      await multipart.done();
    } catch (error) {
      body.destroy();
      const abortFailure = await abortMultipartUpload(key, multipart?.uploadId);
      throw toStorageError({
        error,
        backend: 'aws',
        operation: 'write',
        key,
        signal,
        details: abortFailure,
      });
    } finally {
      signal?.removeEventListener('abort', destroyBody);
    }
    return head({ key });
  }

  /** Returns details to report when the abort itself failed, so the orphan can be found. */
  async function abortMultipartUpload(key: string, uploadId: string | undefined) {
    if (uploadId === undefined) return undefined;
    try {
      const { sdk, client } = await s3();
      await client.send(
        new sdk.AbortMultipartUploadCommand({ Bucket: bucket, Key: key, UploadId: uploadId }),
      );
      return undefined;
    } catch (abortError) {
      return { orphanedUploadId: uploadId, abortError: String(abortError) };
    }
  }

  async function putFile({ key, path, contentType, signal }: PutFileOptions) {
    keys.assertKey(key);
    const { stream, bytes } = await openSourceFile(path);
    return upload({ key, body: stream, contentType, bytes, signal });
  }

  async function getObjectBody(key: string, signal: AbortSignal | undefined, operation: string) {
    try {
      keys.assertKey(key);
      const { sdk, client } = await s3();
      const response = await client.send(
        new sdk.GetObjectCommand({ Bucket: bucket, Key: key }),
        signal === undefined ? {} : { abortSignal: signal },
      );
      const body = asReadable(response.Body, key);
      return { response, body: signal === undefined ? body : addAbortSignal(signal, body) };
    } catch (error) {
      throw toStorageError({ error, backend: 'aws', operation, key, signal });
    }
  }

  async function getStream({
    key,
    signal,
  }: {
    key: string;
    signal?: AbortSignal;
  }): Promise<Readable> {
    return (await getObjectBody(key, signal, 'read')).body;
  }

  async function getToFile({ key, path, signal }: GetToFileOptions) {
    const { response, body } = await getObjectBody(key, signal, 'download');
    try {
      const target = resolve(path);
      await mkdir(dirname(target), { recursive: true });
      const expectedBytes = response.ContentLength;
      await writeFileAtomically({
        path: target,
        body,
        signal,
        // A scratch download, gone after the invocation: nothing to keep through a power cut.
        flush: false,
        beforeRename: async ({ bytes }) => {
          if (expectedBytes !== undefined && bytes !== expectedBytes) {
            throw new TransientError(
              `Download of "${key}" ended after ${bytes} of ${expectedBytes} bytes`,
            );
          }
        },
      });
      return {
        key,
        bytes: expectedBytes ?? 0,
        contentType: response.ContentType,
        etag: unquote(response.ETag),
        lastModified: response.LastModified,
      };
    } catch (error) {
      body.destroy();
      throw toStorageError({ error, backend: 'aws', operation: 'download', key, signal });
    }
  }

  async function head({ key }: { key: string }): Promise<StoredObject> {
    try {
      keys.assertKey(key);
      const { sdk, client } = await s3();
      const response = await client.send(new sdk.HeadObjectCommand({ Bucket: bucket, Key: key }));
      return {
        key,
        bytes: response.ContentLength ?? 0,
        contentType: response.ContentType,
        etag: unquote(response.ETag),
        lastModified: response.LastModified,
      };
    } catch (error) {
      throw toStorageError({ error, backend: 'aws', operation: 'head', key });
    }
  }

  async function exists({ key }: { key: string }): Promise<boolean> {
    return existsFromHead(head({ key }));
  }

  async function list({ prefix }: { prefix: string }): Promise<StoredObject[]> {
    try {
      keys.assertPrefix(prefix);
      const objects: StoredObject[] = [];
      const { sdk, client } = await s3();
      const pages = sdk.paginateListObjectsV2(
        { client, pageSize: listPageSize },
        { Bucket: bucket, ...(prefix === '' ? {} : { Prefix: prefix }) },
      );
      for await (const page of pages) {
        for (const { Key, Size, ETag, LastModified } of page.Contents ?? []) {
          if (Key === undefined || !keys.isKey(Key)) continue;
          objects.push({
            key: Key,
            bytes: Size ?? 0,
            etag: unquote(ETag),
            lastModified: LastModified,
          });
        }
      }
      return objects.sort(compareKeys);
    } catch (error) {
      throw toStorageError({ error, backend: 'aws', operation: 'list', key: prefix });
    }
  }

  async function deleteObject({ key }: { key: string }): Promise<void> {
    try {
      keys.assertKey(key);
      const { sdk, client } = await s3();
      await client.send(new sdk.DeleteObjectCommand({ Bucket: bucket, Key: key }));
    } catch (error) {
      throw toStorageError({ error, backend: 'aws', operation: 'delete', key });
    }
  }

  async function getUrl({
    key,
    expiresInSec,
  }: {
    key: string;
    expiresInSec?: number;
  }): Promise<string> {
    keys.assertKey(key);
    const expiresIn = resolveUrlExpiry(expiresInSec);
    const { sdk, client } = await s3();
    return sdk.getSignedUrl(client, new sdk.GetObjectCommand({ Bucket: bucket, Key: key }), {
      expiresIn,
    });
  }

  async function getUploadUrl({
    key,
    contentLength,
    expiresInSec,
  }: GetUploadUrlOptions): Promise<UploadUrl> {
    keys.assertKey(key);
    const { expiresInSec: expiresIn, expiresAt } = resolveUploadUrl({
      contentLength,
      expiresInSec,
    });
    const { sdk, client } = await s3();
    const command = new sdk.PutObjectCommand({
      Bucket: bucket,
      Key: key,
      ContentLength: contentLength,
    });
    command.middlewareStack.addRelativeTo(
      withoutEmptyBodyChecksum,
      withoutEmptyBodyChecksumPlacement,
    );
    // Signing content-length makes S3 refuse an upload of any other size (SignatureDoesNotMatch).
    const url = await sdk.getSignedUrl(client, command, {
      expiresIn,
      signableHeaders: new Set(['content-length']),
    });
    return { url, method: 'PUT', headers: uploadHeaders(contentLength), expiresAt };
  }

  /**
   * CopyObject when the source is an S3 storage on the same endpoint: the bytes never leave S3.
   * CopyObject keeps the source's metadata (its content type) and is atomic like a PutObject.
   */
  async function copyFrom(copyOptions: CopyFromOptions): Promise<StoredObject> {
    const { source, sourceKey, key, signal } = copyOptions;
    const location = s3LocationOf(source);
    if (location === undefined || location.endpoint !== options.endpoint) {
      return copyThroughStream({ ...copyOptions, target: storage });
    }
    keys.assertKey(key);
    const described = await source.head({ key: sourceKey });
    if (location.bucket === bucket && sourceKey === key) return described;
    if (described.bytes > MAX_COPY_OBJECT_BYTES) {
      throw new PayloadTooLargeError(
        `"${sourceKey}" is ${described.bytes} bytes; a server-side copy takes at most ${MAX_COPY_OBJECT_BYTES} (5 GiB)`,
        {
          details: { sourceKey, key, bytes: described.bytes, maxBytes: MAX_COPY_OBJECT_BYTES },
          advice: 'Keep uploads within the size guardrail (at most 5 GiB).',
        },
      );
    }
    try {
      const { sdk, client } = await s3();
      const copySource = `${location.bucket}/${sourceKey.split('/').map(encodeURIComponent).join('/')}`;
      await client.send(
        new sdk.CopyObjectCommand({ Bucket: bucket, Key: key, CopySource: copySource }),
        signal === undefined ? {} : { abortSignal: signal },
      );
    } catch (error) {
      throw toStorageError({
        error,
        backend: 'aws',
        operation: 'copy',
        key,
        signal,
        details: { sourceBucket: location.bucket, sourceKey },
      });
    }
    return head({ key });
  }

  const storage: MediaStorage = {
    backend: 'aws',
    putStream: (putOptions) => upload(putOptions),
    putFile,
    getStream,
    getToFile,
    head,
    exists,
    list,
    delete: deleteObject,
    getUrl,
    getUploadUrl,
    copyFrom,
    ...createS3Multipart({ bucket, keys, s3, head }),
  };
  return rememberS3Location(storage, { bucket, endpoint: options.endpoint });
}
