import { readFile } from 'node:fs/promises';
import { toReelError } from '@reel/error-taxonomy';

/**
 * A small local file's text, or `undefined` when there is no such file; any other failure
 * (permissions, a folder in the way) is a typed reel error. For documents kept beside the media
 * (manifests, tenant settings) where "not written yet" is an answer, not an error.
 *
 * @example
 * const text = await readTextIfExists('/srv/storage/dev/acme/ep-42/manifest.json');
 */
export async function readTextIfExists(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw toReelError(error);
  }
}
