import { constants, type Stats } from 'node:fs';
import { lstat, open, type FileHandle } from 'node:fs/promises';
import { Readable } from 'node:stream';
import {
  GuardrailExceededError,
  InputMissingError,
  InvalidRequestError,
  toReelError,
} from '@reel/error-taxonomy';

/** A user's file, checked and open; read it as often as needed, then close it. */
export interface UploadFile {
  /** Its size when opened; reads never go past it. */
  bytes: number;
  /** A fresh stream of the file from its first byte. */
  read(): Readable;
  close(): Promise<void>;
}

/**
 * Opens a file a user named as a job's input, refusing before a byte is read anything that is not
 * a regular file within `maxBytes`: a missing path is `InputMissingError`; a symbolic link,
 * directory, FIFO, device or socket is `InvalidRequestError`; a larger file is
 * `GuardrailExceededError`. Each names the path as the user gave it. The file is opened without
 * following links and without blocking, then checked again through the handle, so nothing swapped
 * in after the check is read.
 *
 * @example
 * const upload = await openUploadFile({ filePath: 'talk.mp4', maxBytes: 5 * 1024 ** 3 });
 */
export async function openUploadFile({
  filePath,
  maxBytes,
}: {
  filePath: string;
  maxBytes: number;
}): Promise<UploadFile> {
  const checked = assertRegularFile(filePath, await lstatInput(filePath), maxBytes);
  let handle: FileHandle;
  try {
    handle = await open(filePath, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ELOOP') throw symlinkError(filePath);
    throw toReelError(error);
  }
  try {
    const opened = assertRegularFile(filePath, await handle.stat(), maxBytes);
    if (opened.ino !== checked.ino || opened.dev !== checked.dev) {
      throw new InvalidRequestError(`${filePath} changed while it was being opened`, {
        details: { file: filePath },
        advice: 'Leave the file alone while reel reads it, then run again.',
      });
    }
    const bytes = opened.size;
    return {
      bytes,
      read: () =>
        bytes === 0
          ? Readable.from([])
          : handle.createReadStream({ start: 0, end: bytes - 1, autoClose: false }),
      close: () => handle.close(),
    };
  } catch (error) {
    await handle.close();
    throw error;
  }
}

async function lstatInput(filePath: string): Promise<Stats> {
  try {
    return await lstat(filePath);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') {
      throw new InputMissingError(`Input file ${filePath} does not exist`, {
        cause: error,
        details: { file: filePath },
        advice: 'Check the path (relative paths start at the current directory) and run again.',
      });
    }
    throw toReelError(error);
  }
}

function assertRegularFile(filePath: string, stats: Stats, maxBytes: number): Stats {
  if (stats.isSymbolicLink()) throw symlinkError(filePath);
  if (!stats.isFile()) {
    const kind = stats.isDirectory()
      ? 'a directory'
      : stats.isFIFO()
        ? 'a FIFO (named pipe)'
        : stats.isSocket()
          ? 'a socket'
          : 'a device';
    throw new InvalidRequestError(`${filePath} is ${kind}, not a regular file`, {
      details: { file: filePath, kind },
      advice:
        'Pass a media file (a regular file): reel never reads from devices, pipes or folders.',
    });
  }
  if (stats.size > maxBytes) {
    throw new GuardrailExceededError(
      `${filePath} is ${stats.size} bytes; the limit is ${maxBytes} bytes`,
      {
        details: { file: filePath, bytes: stats.size, maxBytes },
        advice:
          'Trim or re-encode the file to fit the limit: it is the largest input reel accepts.',
      },
    );
  }
  return stats;
}

function symlinkError(filePath: string): InvalidRequestError {
  return new InvalidRequestError(`${filePath} is a symbolic link, not a regular file`, {
    details: { file: filePath, kind: 'a symbolic link' },
    advice:
      'Pass the file the link points to, after checking it is the media you mean: reel does not follow links.',
  });
}
