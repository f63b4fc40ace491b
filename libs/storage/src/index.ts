export {
  createStorage,
  createStorageFromConfig,
  createUploadStorageFromConfig,
} from './create-storage';
export type {
  AbortMultipartUploadOptions,
  CompleteMultipartUploadOptions,
  CopyFromOptions,
  CreateMultipartUploadOptions,
  MultipartUpload,
  MultipartUploadPart,
  GetToFileOptions,
  GetUploadUrlOptions,
  LocalStorageOptions,
  MediaStorage,
  PutFileOptions,
  PutStreamOptions,
  S3StorageOptions,
  StoredObject,
  UploadUrl,
} from './media-storage';
export {
  BRANDING_FOLDER,
  CLIPS_FOLDER,
  ENV_PATTERN,
  ID_PATTERN,
  NAME_SEGMENT_PATTERN,
  assertValidEnv,
  assertValidId,
  assertValidName,
  buildBrandingKey,
  buildClipKey,
  buildJobKey,
  buildJobRootKey,
  buildManifestKey,
  jobKeyKinds,
} from './key-layout';
export type {
  BrandingKeyParts,
  ClipKeyParts,
  IdKind,
  JobKeyKind,
  JobKeyParts,
  JobRootKeyParts,
} from './key-layout';
export { assertValidObjectKey, assertValidPrefix, isObjectKey, parseObjectKey } from './object-key';
export type { ParsedObjectKey } from './object-key';
export { contentTypeForKey } from './content-type';
export { DEFAULT_URL_EXPIRY_SEC, MAX_URL_EXPIRY_SEC } from './url-expiry';
export { writeFileAtomically } from './atomic-file';
export { removeStaleTempFiles, STALE_TEMP_FILE_AGE_MS } from './stale-temp-files';
export { readTextIfExists } from './read-text-if-exists';
export { isProcessAlive, withFileLock } from './file-lock';
export type { FileLockOptions } from './file-lock';
export { replaceVersionedFile } from './versioned-file';
export type { ReplaceVersionedFileOptions, VersionMismatch } from './versioned-file';
export { putFiles } from './put-files';
export type { FileToPut, PutFilesOptions } from './put-files';
export type { WriteFileAtomicallyOptions } from './atomic-file';
export type { RemoveStaleTempFilesOptions } from './stale-temp-files';
export { DEFAULT_UPLOAD_URL_EXPIRY_SEC, MAX_UPLOAD_URL_BYTES } from './upload-url';
export { signLocalUrl, verifyLocalUrl } from './local-url-signature';
export type {
  LocalUrlMethod,
  LocalUrlPart,
  SignLocalUrlOptions,
  VerifiedLocalUrl,
  VerifyLocalUrlOptions,
} from './local-url-signature';
export {
  URL_SIGNING_SECRET_MIN_LENGTH,
  URL_SIGNING_SECRET_PATH,
  loadOrCreateUrlSigningSecret,
  urlSigningSecretSource,
} from './url-signing-secret';
export { createLocalObjectHandler } from './local-object-handler';
export type { LocalObjectHandler, LocalObjectHandlerOptions } from './local-object-handler';
export { parseByteRange } from './byte-range';
export type { ByteRange } from './byte-range';
export {
  assertValidUploadPrefix,
  buildUploadKey,
  isUploadKey,
  parseUploadKey,
  toUploadFileName,
} from './upload-key';
export type { UploadKeyParts } from './upload-key';
export type { KeyLayout } from './key-rules';
export {
  DEFAULT_PART_SIZE_BYTES,
  InvalidPartListError,
  MAX_PART_COUNT,
  MIN_PART_SIZE_BYTES,
  MULTIPART_THRESHOLD_BYTES,
  MultipartUploadNotFoundError,
  planMultipartUpload,
} from './multipart-upload';
export type { CompletedPart, PlannedPart } from './multipart-upload';
