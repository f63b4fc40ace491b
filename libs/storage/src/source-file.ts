import { open } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { InputMissingError, InvalidRequestError, toReelError } from '@reel/error-taxonomy';

/**
 * Opens a local file to upload: its stream and size, or {@link InputMissingError} naming the path
 * when it does not exist (the key is not what is missing).
 *
 * @example
 * const { stream, bytes } = await openSourceFile('/tmp/job/out.mp4');
 */
export async function openSourceFile(path: string): Promise<{ stream: Readable; bytes: number }> {
  const handle = await open(path, 'r').catch((error: unknown) => {
    const mapped = toReelError(error);
    if (mapped instanceof InputMissingError) {
      throw new InputMissingError(`Source file "${path}" does not exist`, {
        cause: error,
        details: { path },
      });
    }
    throw mapped;
  });
  const info = await handle.stat();
  if (!info.isFile()) {
    await handle.close();
    throw new InvalidRequestError(`Source "${path}" is not a regular file`, { details: { path } });
  }
  return { stream: handle.createReadStream(), bytes: info.size };
}
