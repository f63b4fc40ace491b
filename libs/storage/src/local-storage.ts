import { lstat, mkdir, readdir, rm, unlink } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { addAbortSignal, type Readable } from 'node:stream';
import { pathToFileURL } from 'node:url';
import { ConfigInvalidError, InputMissingError, PermissionDeniedError } from '@reel/error-taxonomy';
import { writeFileAtomically } from './atomic-file';
import { copyThroughStream } from './copy-through-stream';
import { resolveContentType } from './content-type';
import {
  listedObject,
  openObject,
  sidecarPath,
  toStoredObject,
  writeContentType,
} from './local-object';
import { createLocalMultipart } from './local-multipart';
import { createLocalRoot } from './local-root';
import { planMultipartUpload } from './multipart-upload';
import { signLocalUrl } from './local-url-signature';
import type {
  AbortMultipartUploadOptions,
  CompleteMultipartUploadOptions,
  CreateMultipartUploadOptions,
  GetToFileOptions,
  GetUploadUrlOptions,
  LocalStorageOptions,
  MediaStorage,
  MultipartUpload,
  PutFileOptions,
  PutStreamOptions,
  StoredObject,
  UploadUrl,
} from './media-storage';
import { keyRulesFor } from './key-rules';
import { compareKeys } from './object-key';
import { openSourceFile } from './source-file';
import { existsFromHead, toStorageError } from './storage-error';
import { resolveUploadUrl, uploadHeaders } from './upload-url';
import { resolveUrlExpiry } from './url-expiry';
import { urlSigningSecretSource } from './url-signing-secret';

/**
 * The local-filesystem backend of {@link MediaStorage}: one file per key under `rootDir`, written
 * through a temp file and a rename. A content type the extension does not imply is kept in a
 * hidden `.{name}.meta.json` beside the object. A delete removes the folders it leaves empty, up to
 * the job root (`{env}/{tenantId}/{jobId}`), as S3 has no folders to leave behind. With a
 * `publicBaseUrl`, URLs are signed for `createLocalObjectHandler` (see `signLocalUrl`). Prefer
 * `createStorage({ backend: 'local', … })`.
 *
 * @example
 * const storage = createLocalStorage({ rootDir: './storage' });
 */
export function createLocalStorage({
  rootDir,
  publicBaseUrl,
  urlSigningSecret,
  keyLayout,
}: Omit<LocalStorageOptions, 'backend'>): MediaStorage {
  const keys = keyRulesFor(keyLayout);
  const root = createLocalRoot(rootDir, { keptFolderDepth: keys.keptFolderDepth });
  const multipart = createLocalMultipart(root);
  const baseUrl = publicBaseUrl?.replace(/\/+$/, '');
  const signingSecret = urlSigningSecretSource({ rootDir, secret: urlSigningSecret });

  async function putStream({
    key,
    body,
    contentType,
    signal,
  }: PutStreamOptions): Promise<StoredObject> {
    try {
      keys.assertKey(key);
      const storedType = resolveContentType({ key, contentType });
      const path = await root.writablePath(key);
      await writeFileAtomically({
        path,
        body,
        signal,
        beforeRename: () => writeContentType({ path, key, contentType: storedType }),
        // Media objects are made again by re-running their step; the job's record of them (the
        // manifest) is flushed. Atomic either way: no reader sees part of an object.
        flush: false,
      });
      return await head({ key });
    } catch (error) {
      body.destroy();
      throw toStorageError({ error, backend: 'local', operation: 'write', key, signal });
    }
  }

  async function putFile({ key, path, contentType, signal }: PutFileOptions) {
    keys.assertKey(key);
    const { stream } = await openSourceFile(path);
    return putStream({ key, body: stream, contentType, signal });
  }

  async function getStream({
    key,
    signal,
  }: {
    key: string;
    signal?: AbortSignal;
  }): Promise<Readable> {
    try {
      keys.assertKey(key);
      signal?.throwIfAborted();
      const { handle } = await openObject(await root.readablePath(key), key);
      const stream = handle.createReadStream();
      return signal === undefined ? stream : addAbortSignal(signal, stream);
    } catch (error) {
      throw toStorageError({ error, backend: 'local', operation: 'read', key, signal });
    }
  }

  async function getToFile({ key, path, signal }: GetToFileOptions) {
    try {
      keys.assertKey(key);
      const objectPath = await root.readablePath(key);
      const { handle, info } = await openObject(objectPath, key);
      const target = resolve(path);
      const body = handle.createReadStream();
      await mkdir(dirname(target), { recursive: true }).catch((error: unknown) => {
        body.destroy();
        throw error;
      });
      // A scratch copy, gone after the invocation: nothing to keep through a power cut.
      await writeFileAtomically({ path: target, body, signal, flush: false });
      return await toStoredObject(key, objectPath, info);
    } catch (error) {
      throw toStorageError({ error, backend: 'local', operation: 'download', key, signal });
    }
  }

  async function head({ key }: { key: string }): Promise<StoredObject> {
    try {
      keys.assertKey(key);
      const path = await root.readablePath(key);
      const info = await lstat(path, { bigint: true });
      if (info.isSymbolicLink()) {
        throw new PermissionDeniedError(`"${key}" is a symlink; the local backend follows none`);
      }
      if (!info.isFile()) throw new InputMissingError(`No object at "${key}" (local storage)`);
      return await toStoredObject(key, path, info);
    } catch (error) {
      throw toStorageError({ error, backend: 'local', operation: 'head', key });
    }
  }

  async function exists({ key }: { key: string }): Promise<boolean> {
    return existsFromHead(head({ key }));
  }

  async function list({ prefix }: { prefix: string }): Promise<StoredObject[]> {
    try {
      keys.assertPrefix(prefix);
      const start = await root.listingDirectory(prefix);
      if (start === undefined) return [];
      const entries = await readdir(start.directory, { recursive: true, withFileTypes: true });
      const objects: StoredObject[] = [];
      for (const entry of entries) {
        if (!entry.isFile()) continue;
        const path = join(entry.parentPath, entry.name);
        const key = relative(start.root, path).split(sep).join('/');
        if (!key.startsWith(prefix) || !keys.isKey(key)) continue;
        const info = await lstat(path, { bigint: true }).catch(() => undefined);
        if (info === undefined) continue; // deleted while listing
        objects.push(listedObject(key, info));
      }
      return objects.sort(compareKeys);
    } catch (error) {
      throw toStorageError({ error, backend: 'local', operation: 'list', key: prefix });
    }
  }

  async function deleteObject({ key }: { key: string }): Promise<void> {
    try {
      keys.assertKey(key);
      const path = await root.readablePath(key);
      await unlink(path).catch((error: unknown) => {
        if ((error as { code?: unknown }).code !== 'ENOENT') throw error;
      });
      await rm(sidecarPath(path), { force: true });
      await root.removeEmptyFolders(key);
    } catch (error) {
      if (error instanceof InputMissingError) return;
      throw toStorageError({ error, backend: 'local', operation: 'delete', key });
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
    if (baseUrl === undefined) {
      return pathToFileURL(join(await root.realRoot(), ...key.split('/'))).href;
    }
    const secret = await signingSecret();
    const expiresAtMs = Date.now() + expiresIn * 1000;
    return signLocalUrl({ baseUrl, key, method: 'GET', expiresAtMs, secret });
  }

  async function getUploadUrl({
    key,
    contentLength,
    expiresInSec,
  }: GetUploadUrlOptions): Promise<UploadUrl> {
    keys.assertKey(key);
    const { expiresAt } = resolveUploadUrl({ contentLength, expiresInSec });
    const url = signLocalUrl({
      baseUrl: requireBaseUrl('upload URLs'),
      key,
      method: 'PUT',
      expiresAtMs: expiresAt.getTime(),
      contentLength,
      secret: await signingSecret(),
    });
    return { url, method: 'PUT', headers: uploadHeaders(contentLength), expiresAt };
  }

  function requireBaseUrl(what: string): string {
    if (baseUrl !== undefined) return baseUrl;
    throw new ConfigInvalidError(`Local ${what} need publicBaseUrl (REEL_PUBLIC_BASE_URL)`, {
      advice:
        'Set REEL_PUBLIC_BASE_URL (REEL_UPLOAD_PUBLIC_BASE_URL for the upload area) to where `reel serve` mounts the local object handler, e.g. http://127.0.0.1:8080/media.',
    });
  }

  async function createMultipartUpload({
    key,
    contentLength,
    partSizeBytes,
    expiresInSec,
  }: CreateMultipartUploadOptions): Promise<MultipartUpload> {
    keys.assertKey(key);
    const plan = planMultipartUpload({ contentLength, partSizeBytes, expiresInSec });
    const partsBaseUrl = requireBaseUrl('multipart uploads');
    const secret = await signingSecret();
    const uploadId = await multipart.create({
      key,
      contentLength,
      parts: plan.parts,
      expiresAt: plan.expiresAt,
    });
    const parts = plan.parts.map(({ partNumber, sizeBytes }) => ({
      partNumber,
      sizeBytes,
      url: signLocalUrl({
        baseUrl: partsBaseUrl,
        key,
        method: 'PUT',
        expiresAtMs: plan.expiresAt.getTime(),
        contentLength: sizeBytes,
        part: { uploadId, partNumber },
        secret,
      }),
      headers: uploadHeaders(sizeBytes),
    }));
    return { uploadId, parts, expiresAt: plan.expiresAt };
  }

  async function completeMultipartUpload({
    key,
    uploadId,
    parts,
  }: CompleteMultipartUploadOptions): Promise<StoredObject> {
    keys.assertKey(key);
    return multipart.complete({
      key,
      uploadId,
      ...(parts === undefined ? {} : { parts }),
      write: (body) => putStream({ key, body }),
    });
  }

  async function abortMultipartUpload({ key, uploadId }: AbortMultipartUploadOptions) {
    keys.assertKey(key);
    await multipart.abort({ key, uploadId });
  }

  const storage: MediaStorage = {
    backend: 'local',
    putStream,
    putFile,
    getStream,
    getToFile,
    head,
    exists,
    list,
    delete: deleteObject,
    getUrl,
    getUploadUrl,
    copyFrom: (copyOptions) => copyThroughStream({ ...copyOptions, target: storage }),
    createMultipartUpload,
    completeMultipartUpload,
    abortMultipartUpload,
  };
  return storage;
}
