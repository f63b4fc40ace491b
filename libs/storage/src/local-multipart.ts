import { randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { lstat, mkdir, readFile, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { InvalidRequestError } from '@reel/error-taxonomy';
import { writeFileAtomically } from './atomic-file';
import type { LocalRoot } from './local-root';
import { listedObject } from './local-object';
import type { StoredObject } from './media-storage';
import {
  InvalidPartListError,
  MultipartUploadNotFoundError,
  checkCompletedParts,
  type CompletedPart,
  type PlannedPart,
} from './multipart-upload';

/** Where a local multipart upload keeps its parts: a dot folder, never a key, never listed. */
const MULTIPART_FOLDER = '.reel/multipart';
const UPLOAD_ID_PATTERN = /^[0-9a-f]{32}$/;
/** How long after its part URLs expire an unfinished local upload is kept (S3 lifecycle rules say days). */
export const ABANDONED_AFTER_MS = 24 * 60 * 60 * 1000;

/** What `upload.json` records when the upload starts. */
interface UploadState {
  key: string;
  contentLength: number;
  parts: PlannedPart[];
  expiresAtMs: number;
}

function errorCode(error: unknown): unknown {
  return (error as { code?: unknown } | null)?.code;
}

/** A part's ETag: its size and nanosecond mtime, like a local object's, so a re-upload changes it. */
async function partEtag(path: string): Promise<{ etag: string; bytes: number } | undefined> {
  const info = await lstat(path, { bigint: true }).catch((error: unknown) => {
    if (errorCode(error) === 'ENOENT') return undefined;
    throw error;
  });
  if (info === undefined || !info.isFile()) return undefined;
  const { etag = '', bytes } = listedObject('', info);
  return { etag, bytes };
}

/**
 * Multipart uploads of the local backend, with S3's rules: parts land in
 * `{root}/.reel/multipart/{uploadId}/part-{n}` (each written atomically, re-uploadable until
 * completion), the object appears only when `complete` has checked every part and streamed them
 * through the storage's atomic write, and `abort` removes the folder; uploads abandoned for a day
 * past their expiry are removed when the next one starts. The upload id is 32 random
 * hex digits, checked on every use, and bound to its key.
 */
export function createLocalMultipart(root: LocalRoot) {
  async function uploadDir(uploadId: string): Promise<string> {
    return join(await root.realRoot(), MULTIPART_FOLDER, uploadId);
  }

  async function loadState(
    key: string,
    uploadId: string,
  ): Promise<{ dir: string; state: UploadState }> {
    if (typeof uploadId !== 'string' || !UPLOAD_ID_PATTERN.test(uploadId)) {
      throw new MultipartUploadNotFoundError(key, String(uploadId));
    }
    const dir = await uploadDir(uploadId);
    const text = await readFile(join(dir, 'upload.json'), 'utf8').catch((error: unknown) => {
      if (errorCode(error) === 'ENOENT') throw new MultipartUploadNotFoundError(key, uploadId);
      throw error;
    });
    const state = JSON.parse(text) as UploadState;
    // Another key's upload id is as unknown as a made-up one.
    if (state.key !== key) throw new MultipartUploadNotFoundError(key, uploadId);
    return { dir, state };
  }

  /**
   * S3's lifecycle rule, locally: uploads whose part URLs expired a day ago (and completions a crash
   * left claimed for a day) are removed. Runs at each new upload; a failure only leaves them longer.
   */
  async function removeAbandonedUploads(nowMs: number): Promise<void> {
    const folder = join(await root.realRoot(), MULTIPART_FOLDER);
    const names = await readdir(folder).catch(() => [] as string[]);
    await Promise.all(
      names.map(async (name) => {
        const dir = join(folder, name);
        const abandonedAtMs = UPLOAD_ID_PATTERN.test(name)
          ? await readFile(join(dir, 'upload.json'), 'utf8').then(
              (text) => (JSON.parse(text) as UploadState).expiresAtMs + ABANDONED_AFTER_MS,
              () => undefined,
            )
          : await lstat(dir).then(
              (info) => info.mtimeMs + ABANDONED_AFTER_MS,
              () => undefined,
            );
        if (abandonedAtMs !== undefined && abandonedAtMs < nowMs) {
          await rm(dir, { recursive: true, force: true });
        }
      }),
    ).catch(() => undefined);
  }

  async function create({
    key,
    contentLength,
    parts,
    expiresAt,
  }: {
    key: string;
    contentLength: number;
    parts: PlannedPart[];
    expiresAt: Date;
  }): Promise<string> {
    await removeAbandonedUploads(Date.now());
    const uploadId = randomBytes(16).toString('hex');
    const dir = await uploadDir(uploadId);
    await mkdir(dir, { recursive: true });
    const state: UploadState = { key, contentLength, parts, expiresAtMs: expiresAt.getTime() };
    await writeFile(join(dir, 'upload.json'), JSON.stringify(state), { flag: 'wx' });
    return uploadId;
  }

  /** Stores one part; its signed length must be the planned size of that part. */
  async function receivePart({
    key,
    uploadId,
    partNumber,
    signedBytes,
    body,
  }: {
    key: string;
    uploadId: string;
    partNumber: number;
    signedBytes: number;
    body: Readable;
  }): Promise<{ etag: string }> {
    try {
      const { dir, state } = await loadState(key, uploadId);
      const planned = state.parts[partNumber - 1];
      if (planned === undefined || planned.sizeBytes !== signedBytes) {
        throw new InvalidRequestError(
          `Part ${partNumber} of "${key}" is not a planned part of ${signedBytes} bytes`,
          { details: { key, partNumber, signedBytes, plannedBytes: planned?.sizeBytes ?? null } },
        );
      }
      const path = join(dir, `part-${partNumber}`);
      // A part is an object in the making (the client sends it again if it is lost): not flushed.
      await writeFileAtomically({ path, body, flush: false });
      const written = await partEtag(path);
      if (written === undefined) throw new MultipartUploadNotFoundError(key, uploadId);
      return { etag: written.etag };
    } catch (error) {
      body.destroy();
      if (errorCode(error) === 'ENOENT') throw new MultipartUploadNotFoundError(key, uploadId);
      throw error;
    }
  }

  /** Every planned part present with its planned size and, when listed, the listed ETag. */
  async function checkParts(
    key: string,
    dir: string,
    state: UploadState,
    listed: CompletedPart[] | undefined,
  ): Promise<string[]> {
    const paths: string[] = [];
    for (const { partNumber, sizeBytes } of state.parts) {
      const path = join(dir, `part-${partNumber}`);
      const found = await partEtag(path);
      if (found === undefined) {
        throw new InvalidPartListError(`Part ${partNumber} of "${key}" was never uploaded`, {
          key,
          partNumber,
        });
      }
      if (found.bytes !== sizeBytes) {
        throw new InvalidPartListError(
          `Part ${partNumber} of "${key}" has ${found.bytes} bytes; it was planned with ${sizeBytes}`,
          { key, partNumber, bytes: found.bytes, plannedBytes: sizeBytes },
        );
      }
      const etag = listed?.[partNumber - 1]?.etag;
      if (etag !== undefined && etag !== found.etag) {
        throw new InvalidPartListError(
          `Part ${partNumber} of "${key}" is not the one listed (its ETag is "${found.etag}")`,
          { key, partNumber, listedEtag: etag.slice(0, 80) },
        );
      }
      paths.push(path);
    }
    return paths;
  }

  async function complete({
    key,
    uploadId,
    parts,
    write,
  }: {
    key: string;
    uploadId: string;
    parts?: CompletedPart[];
    write: (body: Readable) => Promise<StoredObject>;
  }): Promise<StoredObject> {
    const { dir, state } = await loadState(key, uploadId);
    const listed =
      parts === undefined
        ? undefined
        : checkCompletedParts({ key, parts, expectedCount: state.parts.length });
    await checkParts(key, dir, state, listed);
    // The rename claims the upload: of two concurrent completions one wins, the other finds none.
    const claimed = `${dir}.completing`;
    await rename(dir, claimed).catch((error: unknown) => {
      if (['ENOENT', 'ENOTEMPTY', 'EEXIST'].includes(errorCode(error) as string)) {
        throw new MultipartUploadNotFoundError(key, uploadId, { cause: error });
      }
      throw error;
    });
    try {
      // Checked again in the claimed folder: a part re-uploaded between the check and the claim.
      const paths = await checkParts(key, claimed, state, listed);
      async function* assembled(): AsyncGenerator<Buffer> {
        for (const path of paths) {
          for await (const chunk of createReadStream(path)) yield chunk as Buffer;
        }
      }
      const stored = await write(Readable.from(assembled()));
      await rm(claimed, { recursive: true, force: true });
      return stored;
    } catch (error) {
      await rename(claimed, dir).catch(() => undefined);
      throw error;
    }
  }

  /** Idempotent: an unknown or finished upload is already gone. */
  async function abort({ key, uploadId }: { key: string; uploadId: string }): Promise<void> {
    const loaded = await loadState(key, uploadId).catch((error: unknown) => {
      if (error instanceof MultipartUploadNotFoundError) return undefined;
      throw error;
    });
    if (loaded !== undefined) await rm(loaded.dir, { recursive: true, force: true });
  }

  return { create, receivePart, complete, abort };
}

export type LocalMultipart = ReturnType<typeof createLocalMultipart>;
