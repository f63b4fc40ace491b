import { constants } from 'node:fs';
import { open, readFile, rm, type FileHandle } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { Readable } from 'node:stream';
import { InputMissingError, PermissionDeniedError } from '@reel/error-taxonomy';
import { writeFileAtomically } from './atomic-file';
import { contentTypeForKey } from './content-type';
import type { StoredObject } from './media-storage';

/** The facts of one local object file (bigint stats, for a nanosecond etag). */
export interface FileInfo {
  size: bigint;
  mtimeNs: bigint;
  mtime: Date;
}

/** A content type that the extension does not imply is kept in a hidden file beside the object. */
export function sidecarPath(path: string): string {
  return join(dirname(path), `.${basename(path)}.meta.json`);
}

async function readContentType(path: string, key: string): Promise<string> {
  const sidecar = await readFile(sidecarPath(path), 'utf8').catch(() => undefined);
  const stored: unknown = sidecar === undefined ? undefined : JSON.parse(sidecar);
  const contentType = (stored as { contentType?: unknown } | undefined)?.contentType;
  return typeof contentType === 'string' ? contentType : contentTypeForKey(key);
}

export function listedObject(key: string, info: FileInfo): StoredObject {
  return {
    key,
    bytes: Number(info.size),
    etag: `${info.size.toString(16)}-${info.mtimeNs.toString(16)}`,
    lastModified: info.mtime,
  };
}

export async function toStoredObject(
  key: string,
  path: string,
  info: FileInfo,
): Promise<StoredObject> {
  return { ...listedObject(key, info), contentType: await readContentType(path, key) };
}

/** Opens an object without following a symlink at its own path, and only if it is a regular file. */
export async function openObject(
  path: string,
  key: string,
): Promise<{ handle: FileHandle; info: FileInfo }> {
  const handle = await open(path, constants.O_RDONLY | constants.O_NOFOLLOW).catch(
    (error: unknown) => {
      const code = (error as { code?: unknown }).code;
      if (code === 'ELOOP')
        throw new PermissionDeniedError(`"${key}" is a symlink; the local backend follows none`);
      throw error;
    },
  );
  const info = await handle.stat({ bigint: true });
  if (!info.isFile()) {
    await handle.close();
    throw new InputMissingError(`No object at "${key}" (local storage): it is a folder`, {
      details: { key },
    });
  }
  return { handle, info };
}

/**
 * Keeps a content type the key's extension does not imply in the hidden sidecar, or removes a
 * stale sidecar when the extension says it all. Runs before the object's rename.
 */
export async function writeContentType({
  path,
  key,
  contentType,
}: {
  path: string;
  key: string;
  contentType: string;
}): Promise<void> {
  if (contentType === contentTypeForKey(key)) return rm(sidecarPath(path), { force: true });
  const json = JSON.stringify({ contentType });
  // Written with its object, and flushed as it is (not at all: see local-storage's putStream).
  await writeFileAtomically({ path: sidecarPath(path), body: Readable.from([json]), flush: false });
}
