import { lstat, mkdir, realpath, rmdir } from 'node:fs/promises';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { InputMissingError, PermissionDeniedError } from '@reel/error-taxonomy';

/** Paths of keys under a local storage root, checked so no key or symlink leads outside it. */
export interface LocalRoot {
  /** The real (symlink-free) absolute root; created on first use. */
  realRoot(): Promise<string>;
  /** The path of a valid key, its folders created one by one, none of them a symlink. */
  writablePath(key: string): Promise<string>;
  /** The path of a valid key whose folder exists and is reached through no symlink; InputMissingError otherwise. */
  readablePath(key: string): Promise<string>;
  /** The folder a listing prefix starts in, or undefined when it does not exist. */
  listingDirectory(prefix: string): Promise<{ root: string; directory: string } | undefined>;
  /**
   * Removes the folders a deleted key leaves empty, deepest first, up to but not including its
   * first `keptFolderDepth` folders (default {@link KEPT_FOLDER_DEPTH}:
   * `{env}/{tenantId}/{jobId | clips | branding}`, the job root; the upload area keeps 2). Stops at
   * the first folder that is not empty (or is already gone).
   */
  removeEmptyFolders(key: string): Promise<void>;
}

/** Folders a delete never removes: `{env}/{tenantId}/{jobId}` (or `clips`, `branding`). */
export const KEPT_FOLDER_DEPTH = 3;

function errorCode(error: unknown): unknown {
  return typeof error === 'object' && error !== null
    ? (error as { code?: unknown }).code
    : undefined;
}

function symlinkRefused(key: string): PermissionDeniedError {
  return new PermissionDeniedError(
    `"${key}" resolves through a symlink or a non-folder; the local backend follows no symlinks under its root`,
    { details: { key } },
  );
}

/**
 * Resolves keys to paths under `rootDir`. Every path is checked with `path.relative` to stay
 * inside the root, and its folder with `realpath` (reads) or `lstat` per segment (writes), so a
 * symlink planted under the root can neither redirect a write outside it nor expose another
 * folder to a read.
 *
 * @example
 * const root = createLocalRoot('./storage');
 * const path = await root.writablePath('dev/acme/ep-42/audio/audio.mp3');
 */
export function createLocalRoot(
  rootDir: string,
  { keptFolderDepth = KEPT_FOLDER_DEPTH }: { keptFolderDepth?: number } = {},
): LocalRoot {
  let rootPromise: Promise<string> | undefined;

  function realRoot(): Promise<string> {
    rootPromise ??= mkdir(resolve(rootDir), { recursive: true })
      .then(() => realpath(resolve(rootDir)))
      .catch((error: unknown) => {
        rootPromise = undefined;
        throw error;
      });
    return rootPromise;
  }

  async function pathParts(
    key: string,
  ): Promise<{ root: string; path: string; folders: string[] }> {
    const root = await realRoot();
    const segments = key.split('/');
    const path = join(root, ...segments);
    const fromRoot = relative(root, path);
    if (fromRoot === '' || fromRoot.startsWith('..') || isAbsolute(fromRoot)) {
      throw new PermissionDeniedError(`"${key}" resolves outside the storage root`, {
        details: { key },
      });
    }
    return { root, path, folders: segments.slice(0, -1) };
  }

  async function writablePath(key: string): Promise<string> {
    const { root, path, folders } = await pathParts(key);
    const parent = join(root, ...folders);
    const realParent = await realpath(parent).catch((error: unknown) => {
      if (errorCode(error) === 'ENOENT') return undefined;
      throw error;
    });
    if (realParent === parent) return path;
    if (realParent !== undefined) throw symlinkRefused(key);
    // Created one level at a time: `mkdir -p` would follow a planted symlink before any check.
    let current = root;
    for (const folder of folders) {
      current = join(current, folder);
      await mkdir(current).catch((error: unknown) => {
        if (errorCode(error) !== 'EEXIST') throw error;
      });
      const info = await lstat(current);
      if (!info.isDirectory()) throw symlinkRefused(key);
    }
    return path;
  }

  async function readablePath(key: string): Promise<string> {
    const { root, path, folders } = await pathParts(key);
    const parent = join(root, ...folders);
    const realParent = await realpath(parent).catch((error: unknown) => {
      if (errorCode(error) === 'ENOENT' || errorCode(error) === 'ENOTDIR') {
        throw new InputMissingError(`No object at "${key}" (local storage)`, {
          cause: error,
          details: { key },
        });
      }
      throw error;
    });
    if (realParent !== parent) throw symlinkRefused(key);
    return path;
  }

  async function listingDirectory(
    prefix: string,
  ): Promise<{ root: string; directory: string } | undefined> {
    const root = await realRoot();
    const folders = prefix
      .slice(0, prefix.lastIndexOf('/') + 1)
      .split('/')
      .filter(Boolean);
    const directory = join(root, ...folders);
    const realDirectory = await realpath(directory).catch((error: unknown) => {
      if (errorCode(error) === 'ENOENT' || errorCode(error) === 'ENOTDIR') return undefined;
      throw error;
    });
    if (realDirectory === undefined) return undefined;
    if (realDirectory !== directory) throw symlinkRefused(prefix);
    return { root, directory };
  }

  async function removeEmptyFolders(key: string): Promise<void> {
    const { root, folders } = await pathParts(key);
    for (let depth = folders.length; depth > keptFolderDepth; depth -= 1) {
      // rmdir removes only an empty folder; a concurrent write's new file keeps its folder.
      const removed = await rmdir(join(root, ...folders.slice(0, depth))).then(
        () => true,
        (error: unknown) => {
          const code = errorCode(error);
          if (['ENOTEMPTY', 'EEXIST', 'ENOENT', 'ENOTDIR'].includes(code as string)) return false;
          throw error;
        },
      );
      if (!removed) return;
    }
  }

  return { realRoot, writablePath, readablePath, listingDirectory, removeEmptyFolders };
}
