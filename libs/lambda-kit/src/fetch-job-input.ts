import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { extname, join } from 'node:path';
import { CorruptInputError } from '@reel/error-taxonomy';
import type { JobInput } from '@reel/manifest';
import type { MediaStorage } from '@reel/storage';

export interface FetchJobInputOptions {
  storage: MediaStorage;
  /** The manifest's `input`: where the upload is and the SHA-256 it was registered with. */
  input: JobInput;
  /** The invocation's scratch dir (see `withScratchDir`); the file is written into it. */
  scratchDir: string;
  signal?: AbortSignal;
}

// Kept only when plain (`.mp4`, `.m4a`): some demuxers probe better with it, and nothing else gets in.
const PLAIN_EXTENSION = /^\.[A-Za-z0-9]{1,10}$/;

/**
 * Downloads a job's input into the scratch dir as `input.<ext>` and checks its SHA-256 against the
 * manifest, so a step works on exactly the bytes the job was created with. A different hash (an
 * object replaced or damaged after upload) is a CorruptInputError; a missing object an
 * InputMissingError (from storage). Returns the local path.
 *
 * @example
 * const inputPath = await withScratchDir((scratchDir) =>
 *   fetchJobInput({ storage, input: requireJobInput(manifest), scratchDir, signal }));
 */
export async function fetchJobInput({
  storage,
  input,
  scratchDir,
  signal,
}: FetchJobInputOptions): Promise<string> {
  const extension = extname(input.key);
  const path = join(scratchDir, `input${PLAIN_EXTENSION.test(extension) ? extension : ''}`);
  const stored = await storage.getToFile({ key: input.key, path, signal });
  const sha256 = await hashFile(path, signal);
  if (sha256 !== input.sha256) {
    throw new CorruptInputError(
      `The input ${input.key} does not have the SHA-256 the job was created with`,
      {
        details: {
          key: input.key,
          expectedSha256: input.sha256,
          actualSha256: sha256,
          expectedBytes: input.bytes,
          actualBytes: stored.bytes,
        },
        advice:
          'The stored object changed after the job was created. Upload the file again as a new job.',
      },
    );
  }
  return path;
}

async function hashFile(path: string, signal: AbortSignal | undefined): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path, { signal })) hash.update(chunk as Buffer);
  return hash.digest('hex');
}
