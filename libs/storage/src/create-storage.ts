import type { S3Client } from '@aws-sdk/client-s3';
import { defaultUploadPath, type ReelConfig } from '@reel/config';
import { ConfigInvalidError } from '@reel/error-taxonomy';
import { createLocalStorage } from './local-storage';
import type { LocalStorageOptions, MediaStorage, S3StorageOptions } from './media-storage';
import { createS3Storage } from './s3-storage';
import { assertValidUrlSigningSecret } from './url-signing-secret';

function invalidOption(message: string, value: unknown): ConfigInvalidError {
  return new ConfigInvalidError(`Storage options: ${message}`, {
    details: { got: typeof value === 'string' ? value.slice(0, 80) : typeof value },
  });
}

function isNonEmptyString(value: unknown): value is string {
  return typeof value === 'string' && value.trim().length > 0 && !value.includes('\0');
}

function isHttpUrl(value: unknown): boolean {
  return (
    typeof value === 'string' && URL.canParse(value) && /^https?:$/.test(new URL(value).protocol)
  );
}

function validateKeyLayout(keyLayout: unknown): void {
  if (keyLayout !== undefined && keyLayout !== 'media' && keyLayout !== 'uploads') {
    throw invalidOption('keyLayout must be "media" or "uploads"', keyLayout);
  }
}

function validateLocal({
  rootDir,
  publicBaseUrl,
  urlSigningSecret,
  keyLayout,
}: LocalStorageOptions): void {
  validateKeyLayout(keyLayout);
  if (!isNonEmptyString(rootDir)) throw invalidOption('rootDir must be a folder path', rootDir);
  if (publicBaseUrl !== undefined && !isHttpUrl(publicBaseUrl)) {
    throw invalidOption('publicBaseUrl must be an http(s) URL', publicBaseUrl);
  }
  if (urlSigningSecret !== undefined) assertValidUrlSigningSecret(urlSigningSecret);
}

function validateS3({
  bucket,
  region,
  endpoint,
  s3Client,
  listPageSize,
  keyLayout,
}: S3StorageOptions): void {
  validateKeyLayout(keyLayout);
  if (!isNonEmptyString(bucket)) throw invalidOption('bucket must be a bucket name', bucket);
  if (s3Client === undefined && !isNonEmptyString(region))
    throw invalidOption('region must be an AWS region', region);
  if (endpoint !== undefined && !isHttpUrl(endpoint))
    throw invalidOption('endpoint must be an http(s) URL', endpoint);
  if (
    listPageSize !== undefined &&
    (!Number.isInteger(listPageSize) || listPageSize < 1 || listPageSize > 1000)
  ) {
    throw invalidOption('listPageSize must be a whole number from 1 to 1000', String(listPageSize));
  }
}

/**
 * Creates the storage backend the options name. Options are checked once, here; a wrong one is a
 * {@link ConfigInvalidError}. Nothing touches the disk or the network until the first call.
 *
 * @example
 * const storage = createStorage({ backend: 'local', rootDir: './storage' });
 * await storage.putFile({ key: buildJobKey({ env, tenantId, jobId, kind: 'audio', name: 'audio.mp3' }), path: '/tmp/audio.mp3' });
 */
export function createStorage(options: LocalStorageOptions | S3StorageOptions): MediaStorage {
  switch (options?.backend) {
    case 'local':
      validateLocal(options);
      return createLocalStorage(options);
    case 'aws':
      validateS3(options);
      return createS3Storage(options);
    default:
      throw invalidOption(
        'backend must be "local" or "aws"',
        (options as { backend?: unknown } | undefined)?.backend,
      );
  }
}

/**
 * The storage a loaded {@link ReelConfig} describes: `MEDIA_STORAGE_PATH` (with
 * `REEL_PUBLIC_BASE_URL` and `REEL_URL_SIGNING_SECRET` when set) locally, `REEL_BUCKET`
 * (with `REEL_S3_ENDPOINT` and path-style URLs when set) on AWS, credentials from the SDK's chain.
 *
 * @example
 * const storage = createStorageFromConfig(loadConfig(process.env));
 */
export function createStorageFromConfig(
  config: ReelConfig,
  {
    s3Client,
    instrumentClient,
  }: { s3Client?: S3Client; instrumentClient?: <T>(client: T) => T } = {},
): MediaStorage {
  if (config.backend === 'local') {
    return createStorage({
      backend: 'local',
      rootDir: config.mediaStoragePath,
      ...(config.publicBaseUrl === undefined ? {} : { publicBaseUrl: config.publicBaseUrl }),
      ...(config.urlSigningSecret === undefined
        ? {}
        : { urlSigningSecret: config.urlSigningSecret }),
    });
  }
  return createStorage({
    backend: 'aws',
    bucket: config.bucket,
    region: config.region,
    forcePathStyle: config.s3ForcePathStyle,
    ...(config.s3Endpoint === undefined ? {} : { endpoint: config.s3Endpoint }),
    ...(s3Client === undefined ? {} : { s3Client }),
    ...(instrumentClient === undefined ? {} : { instrumentClient }),
  });
}

/**
 * The upload area a loaded {@link ReelConfig} describes, as a storage of upload keys
 * (`buildUploadKey`): `REEL_UPLOAD_PATH` (default `uploads` beside the media root) with
 * `REEL_UPLOAD_PUBLIC_BASE_URL` and `REEL_URL_SIGNING_SECRET` locally; `REEL_UPLOAD_BUCKET` on the
 * media bucket's endpoint on AWS, where it is required ({@link ConfigInvalidError} without it).
 * Locally, `reel serve` mounts `createLocalObjectHandler({ rootDir: uploadPath, basePath: '/uploads' })`
 * so its signed upload URLs (single PUT and multipart parts) work.
 *
 * @example
 * const uploads = createUploadStorageFromConfig(config);
 * const { url, headers } = await uploads.getUploadUrl({ key: buildUploadKey({ env, tenantId, videoId, fileName }), contentLength });
 */
export function createUploadStorageFromConfig(
  config: ReelConfig,
  {
    s3Client,
    instrumentClient,
  }: { s3Client?: S3Client; instrumentClient?: <T>(client: T) => T } = {},
): MediaStorage {
  if (config.backend === 'local') {
    return createStorage({
      backend: 'local',
      keyLayout: 'uploads',
      rootDir: config.uploadPath ?? defaultUploadPath(config.mediaStoragePath),
      ...(config.uploadPublicBaseUrl === undefined
        ? {}
        : { publicBaseUrl: config.uploadPublicBaseUrl }),
      ...(config.urlSigningSecret === undefined
        ? {}
        : { urlSigningSecret: config.urlSigningSecret }),
    });
  }
  if (config.uploadBucket === undefined) {
    throw new ConfigInvalidError('REEL_UPLOAD_BUCKET is required for uploads on REEL_BACKEND=aws', {
      details: { variables: ['REEL_UPLOAD_BUCKET'] },
      advice: 'Set REEL_UPLOAD_BUCKET to the upload bucket of the deployed stack.',
    });
  }
  return createStorage({
    backend: 'aws',
    keyLayout: 'uploads',
    bucket: config.uploadBucket,
    region: config.region,
    forcePathStyle: config.s3ForcePathStyle,
    ...(config.s3Endpoint === undefined ? {} : { endpoint: config.s3Endpoint }),
    ...(s3Client === undefined ? {} : { s3Client }),
    ...(instrumentClient === undefined ? {} : { instrumentClient }),
  });
}
