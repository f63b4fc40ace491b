import { toReelError } from '@reel/error-taxonomy';
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { Readable } from 'node:stream';
import { writeFileAtomically } from './atomic-file';
import { withFileLock, type FileLockOptions } from './file-lock';
import { readTextIfExists } from './read-text-if-exists';

/** The two versions a stale write names; each store words its own `ConflictError` from them. */
export interface VersionMismatch {
  expectedVersion: number;
  actualVersion: number;
}

export interface ReplaceVersionedFileOptions {
  /** The document's file; its folder is created if missing. */
  path: string;
  /** The next document, written as indented JSON. */
  document: unknown;
  /** The version the stored document must be at; a file not written yet is usually version 0. */
  expectedVersion: number;
  /**
   * The stored document's version, from the file's text (`undefined` when there is no file).
   * Throws when the file is damaged, or when its absence or presence is itself the error.
   */
  versionOf: (storedText: string | undefined) => number;
  /** The error thrown when the stored version is not `expectedVersion` (someone wrote in between). */
  staleVersionError: (mismatch: VersionMismatch) => Error;
  /** Defaults to `${path}.lock`. */
  lockPath?: string;
  lock?: FileLockOptions;
}

/**
 * Replaces a versioned JSON document file: under its lock file, reads the stored text, compares
 * its version with `expectedVersion` and writes the new document atomically (temp file renamed
 * over it), so writers in several processes never lose an update and readers never see half a
 * file. Resolves with the text written.
 *
 * @example
 * const text = await replaceVersionedFile({
 *   path, document: next, expectedVersion: 3,
 *   versionOf: (stored) => (stored === undefined ? 0 : parse(stored).version),
 *   staleVersionError: (mismatch) => new ConflictError(`stored at ${mismatch.actualVersion}`),
 * });
 */
export async function replaceVersionedFile({
  path,
  document,
  expectedVersion,
  versionOf,
  staleVersionError,
  lockPath = `${path}.lock`,
  lock,
}: ReplaceVersionedFileOptions): Promise<string> {
  await mkdir(dirname(path), { recursive: true });
  return withFileLock(
    lockPath,
    async () => {
      const actualVersion = versionOf(await readTextIfExists(path));
      if (actualVersion !== expectedVersion) {
        throw staleVersionError({ expectedVersion, actualVersion });
      }
      const text = `${JSON.stringify(document, null, 2)}\n`;
      await writeFileAtomically({ path, body: Readable.from([text]) }).catch((error: unknown) => {
        throw toReelError(error);
      });
      return text;
    },
    lock,
  );
}
