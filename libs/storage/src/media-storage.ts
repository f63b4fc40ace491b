import type { Readable } from 'node:stream';
import type { S3Client } from '@aws-sdk/client-s3';
import type { KeyLayout } from './key-rules';

/** What a backend knows about one stored object. */
export interface StoredObject {
  key: string;
  bytes: number;
  /** Set by `head`, `put*` and `getToFile`; `list` leaves it out (S3 listings do not carry it). */
  contentType?: string;
  /** Changes whenever the object's bytes change (S3 ETag without quotes; size + mtime locally). */
  etag?: string;
  lastModified?: Date;
}

/**
 * One storage interface, two backends (local folder, S3). Media moves as streams; every write is
 * atomic (a reader sees the old object, the new one or none — never part of one); every key is
 * checked with `parseObjectKey` first, so only keys the key-layout helpers make are accepted.
 * Failures are taxonomy errors: a missing object is `InputMissingError`, a bad key
 * `InvalidRequestError`, an aborted call `TimeoutError`.
 */
export interface MediaStorage {
  readonly backend: 'local' | 'aws';
  /** Streams `body` into `key`; on failure or abort nothing is left behind and `body` is destroyed. */
  putStream(options: PutStreamOptions): Promise<StoredObject>;
  /** Uploads a local file; `InputMissingError` naming the path when it does not exist. */
  putFile(options: PutFileOptions): Promise<StoredObject>;
  /** Opens the object for reading; `InputMissingError` when absent. */
  getStream(options: { key: string; signal?: AbortSignal }): Promise<Readable>;
  /** Streams the object into a local file, atomically (temp file beside it, then rename). */
  getToFile(options: GetToFileOptions): Promise<StoredObject>;
  /** `InputMissingError` when absent. */
  head(options: { key: string }): Promise<StoredObject>;
  exists(options: { key: string }): Promise<boolean>;
  /** Every object whose key starts with `prefix`, all pages, sorted by key. */
  list(options: { prefix: string }): Promise<StoredObject[]>;
  /** Idempotent: deleting a missing object succeeds. */
  delete(options: { key: string }): Promise<void>;
  /**
   * S3: a presigned GET URL (default 24 h, at most 7 days). Local: with `publicBaseUrl`, a URL signed
   * for the local object handler (`signLocalUrl`); without it, a `file://` URL.
   */
  getUrl(options: { key: string; expiresInSec?: number }): Promise<string>;
  /**
   * A URL a client PUTs exactly `contentLength` bytes to (default 1 h, at most 7 days). S3: a
   * presigned PutObject whose signature covers `Content-Length`. Local: a PUT URL signed for the
   * local object handler, which refuses any other length; needs `publicBaseUrl`
   * (`ConfigInvalidError` without it).
   */
  getUploadUrl(options: GetUploadUrlOptions): Promise<UploadUrl>;
  /**
   * Copies `sourceKey` of `source` (another storage, or this one) to `key`, keeping the source's
   * content type; as atomic as every write. S3 to S3 on one endpoint: CopyObject, server-side, up
   * to 5 GiB (`PayloadTooLargeError` beyond, S3's CopyObject limit and the size guardrail's);
   * otherwise streamed from the source into `putStream` (locally: a temp file, then a rename).
   * `InputMissingError` when the source object is absent.
   */
  copyFrom(options: CopyFromOptions): Promise<StoredObject>;
  /**
   * Starts an upload of `contentLength` bytes in parts (for files over `MULTIPART_THRESHOLD_BYTES`):
   * one URL per part, each taking exactly its `sizeBytes` (S3: presigned UploadPart URLs whose
   * signature covers Content-Length; local: part URLs signed for the local object handler, which
   * needs `publicBaseUrl`). Parts are `partSizeBytes` (default 64 MiB, 5 MiB–5 GiB), the last the rest.
   */
  createMultipartUpload(options: CreateMultipartUploadOptions): Promise<MultipartUpload>;
  /**
   * Assembles the uploaded parts into the object, atomically. `parts` (each PUT's ETag) are checked
   * when given, else the parts found are used. `MultipartUploadNotFoundError` (404) for an unknown,
   * finished or other key's upload id; `InvalidPartListError` (400) for a missing, wrong-sized or
   * misnumbered part.
   */
  completeMultipartUpload(options: CompleteMultipartUploadOptions): Promise<StoredObject>;
  /** Removes an upload's parts; idempotent (an unknown or finished upload id succeeds). */
  abortMultipartUpload(options: AbortMultipartUploadOptions): Promise<void>;
}

export interface CreateMultipartUploadOptions {
  key: string;
  /** The exact size of the whole file: 1 B to 5 TiB. */
  contentLength: number;
  /** Default `DEFAULT_PART_SIZE_BYTES` (64 MiB); 5 MiB to 5 GiB, at most 10,000 parts. */
  partSizeBytes?: number;
  /** How long the part URLs work: default 1 h, at most 7 days. */
  expiresInSec?: number;
}

/** One part to PUT: exactly `sizeBytes` to `url` with `headers`. */
export interface MultipartUploadPart {
  partNumber: number;
  url: string;
  /** Headers the PUT must carry exactly as given (`content-length`). */
  headers: Record<string, string>;
  sizeBytes: number;
}

export interface MultipartUpload {
  uploadId: string;
  parts: MultipartUploadPart[];
  /** When the part URLs stop working. */
  expiresAt: Date;
}

export interface CompleteMultipartUploadOptions {
  key: string;
  uploadId: string;
  /** Every part 1…N in order with the ETag its PUT answered; omitted, the uploaded parts are used. */
  parts?: { partNumber: number; etag: string }[];
}

export interface AbortMultipartUploadOptions {
  key: string;
  uploadId: string;
}

export interface CopyFromOptions {
  /** The storage holding `sourceKey`: e.g. the upload area when filling a job's `input/` key. */
  source: MediaStorage;
  /** A key of the source's layout. */
  sourceKey: string;
  /** A key of this storage's layout. */
  key: string;
  signal?: AbortSignal;
}

export interface GetUploadUrlOptions {
  key: string;
  /** The exact size of the upload: 0 to 5 GiB (S3's single-PUT limit; larger files need multipart). */
  contentLength: number;
  expiresInSec?: number;
}

/** Everything a client needs to upload: PUT `url` with `headers` before `expiresAt`. */
export interface UploadUrl {
  url: string;
  method: 'PUT';
  /** Headers the upload must carry exactly as given (`content-length`). */
  headers: Record<string, string>;
  expiresAt: Date;
}

export interface PutStreamOptions {
  key: string;
  body: Readable;
  /** Default: from the key's extension (`contentTypeForKey`). */
  contentType?: string;
  signal?: AbortSignal;
}

export interface PutFileOptions {
  key: string;
  /** The local file to upload. */
  path: string;
  contentType?: string;
  signal?: AbortSignal;
}

export interface GetToFileOptions {
  key: string;
  /** The local file to write; its folder is created. */
  path: string;
  signal?: AbortSignal;
}

/** Media in a folder: the embedded default. */
export interface LocalStorageOptions {
  backend: 'local';
  /** The storage root (`MEDIA_STORAGE_PATH`); created on first use. */
  rootDir: string;
  /** Where the local API server serves the root (`REEL_PUBLIC_BASE_URL`); else URLs are `file://`. */
  publicBaseUrl?: string;
  /**
   * Signs the URLs under `publicBaseUrl` (`REEL_URL_SIGNING_SECRET`); default: the secret kept in
   * the root (`loadOrCreateUrlSigningSecret`), made on the first URL.
   */
  urlSigningSecret?: string;
  /** Which keys it holds: `media` (default) or `uploads` (`buildUploadKey`'s); others are refused. */
  keyLayout?: KeyLayout;
}

/** Media in an S3 bucket, on AWS or an S3-compatible server (`endpoint`). */
export interface S3StorageOptions {
  backend: 'aws';
  bucket: string;
  region: string;
  /** An S3-compatible endpoint (s3rver) instead of AWS. */
  endpoint?: string;
  forcePathStyle?: boolean;
  /** Static credentials; default: the SDK's provider chain. */
  credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
  /** A ready client (tracing, custom retries); `region`, `endpoint` and `credentials` are then ignored. */
  s3Client?: S3Client;
  /** Wraps the client this storage makes (e.g. `tracer.captureAWSv3Client` to trace S3 calls). */
  instrumentClient?: <T>(client: T) => T;
  /** Objects per ListObjectsV2 page; default 1000 (S3's maximum). */
  listPageSize?: number;
  /** Which keys it holds: `media` (default) or `uploads` (`buildUploadKey`'s); others are refused. */
  keyLayout?: KeyLayout;
}
