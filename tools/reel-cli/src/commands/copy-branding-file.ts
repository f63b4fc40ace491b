import { createHash } from 'node:crypto';
import { constants, createWriteStream } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import {
  GuardrailExceededError,
  InputMissingError,
  InvalidRequestError,
  toReelError,
} from '@reel/error-taxonomy';
import type { BrandingAssetKind } from '@reel/render-timeline';

/** A branding file copied into a scratch directory: check, hash and upload this copy only. */
export interface CopiedBrandingFile {
  /** The copy, inside the scratch directory. */
  path: string;
  /** SHA-256 (hex) of the bytes copied. */
  sha256: string;
  sizeBytes: number;
}

/**
 * Copies the file a user named for a branding asset into `dir` in one read, hashing it on the way,
 * so what is checked, hashed and uploaded is the same bytes even if the original changes. Only a
 * regular file is read: it is opened without following links or blocking, then checked through
 * the handle. Failures: InputMissingError (no such file), InvalidRequestError (a link, directory,
 * FIFO or device), GuardrailExceededError (over `maxBytes`), each with advice.
 *
 * @example
 * const copy = await copyBrandingFile({ path: '/home/me/logo.png', label: 'logo.png',
 *   kind: 'watermark', dir, maxBytes: 5 * 1024 * 1024 });
 * copy; // → { path: `${dir}/watermark.png`, sha256: '3f2a…', sizeBytes: 5123 }
 */
export async function copyBrandingFile({
  path,
  label,
  kind,
  dir,
  maxBytes,
}: {
  path: string;
  label: string;
  kind: BrandingAssetKind;
  dir: string;
  maxBytes: number;
}): Promise<CopiedBrandingFile> {
  const details = { input: label, kind };
  let handle: FileHandle;
  try {
    handle = await open(path, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ELOOP') throw notRegular(label, kind, 'a symbolic link');
    if (code === 'ENOENT' || code === 'ENOTDIR') {
      throw new InputMissingError(`The ${kind} file ${label} does not exist`, {
        cause: error,
        details,
        advice: 'Check the path you gave.',
      });
    }
    throw toReelError(error);
  }
  try {
    const stats = await handle.stat();
    if (!stats.isFile()) {
      throw notRegular(
        label,
        kind,
        stats.isDirectory()
          ? 'a directory'
          : stats.isFIFO()
            ? 'a FIFO (named pipe)'
            : 'a device or socket',
      );
    }
    if (stats.size > maxBytes) {
      throw new GuardrailExceededError(
        `The ${kind} file ${label} is ${stats.size} bytes, over the ${maxBytes} allowed`,
        {
          details: { ...details, guardrail: 'maxBytes', sizeBytes: stats.size, maxBytes },
          advice: `Make the ${kind} smaller: a watermark is a small still, an intro or outro a short clip.`,
        },
      );
    }
    const copyPath = join(dir, `${kind}${safeExtension(path)}`);
    const hash = createHash('sha256');
    let sizeBytes = 0;
    await pipeline(
      // Reads stop at the size checked, even if the file grows meanwhile.
      stats.size === 0
        ? Readable.from([])
        : handle.createReadStream({ start: 0, end: stats.size - 1, autoClose: false }),
      new Transform({
        transform(chunk: Buffer, _encoding, done) {
          hash.update(chunk);
          sizeBytes += chunk.length;
          done(null, chunk);
        },
      }),
      createWriteStream(copyPath, { flags: 'wx', mode: 0o600 }),
    );
    return { path: copyPath, sha256: hash.digest('hex'), sizeBytes };
  } finally {
    await handle.close();
  }
}

/** The original's extension when it is a plain one (ffprobe sniffs content; names are labels). */
function safeExtension(path: string): string {
  const extension = extname(path).toLowerCase();
  return /^\.[a-z0-9]{1,5}$/.test(extension) ? extension : '';
}

function notRegular(label: string, kind: BrandingAssetKind, what: string): InvalidRequestError {
  return new InvalidRequestError(`The ${kind} file ${label} is ${what}, not a regular file`, {
    details: { input: label, kind, fileKind: what },
    advice:
      what === 'a symbolic link'
        ? 'Give the file the link points to, after checking it is the one you mean: links are not followed.'
        : `Give the ${kind} as a regular file: branding is never read from folders, pipes or devices.`,
  });
}
