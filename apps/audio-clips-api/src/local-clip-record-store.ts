import { mkdir, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { Readable } from 'node:stream';
import { InternalError } from '@reel/error-taxonomy';
import {
  assertValidEnv,
  assertValidId,
  readTextIfExists,
  withFileLock,
  writeFileAtomically,
} from '@reel/storage';
import {
  clipRecordSchema,
  type ClipRecord,
  type ClipRecordStore,
  type ClipRef,
} from './clip-record';

/** Under the media root; the dot folder is never an object, listed or served (as API keys). */
export const CLIP_RECORDS_FOLDER = '.reel/audio-clips';

/**
 * A {@link ClipRecordStore} with one JSON file per clip,
 * `{rootDir}/.reel/audio-clips/{env}/{tenant}/{episode}/{start}-{end}.json`. A write reads,
 * compares the token and writes under the clip's lock file (temp file + rename), so of two
 * processes or requests claiming the same clip exactly one wins; reads take no lock.
 *
 * @example
 * const store = createLocalClipRecordStore({ rootDir: config.mediaStoragePath });
 */
export function createLocalClipRecordStore({ rootDir }: { rootDir: string }): ClipRecordStore {
  const root = join(resolve(rootDir), CLIP_RECORDS_FOLDER);
  const pathOf = ({ env, tenantId, episodeId, startMs, endMs }: ClipRef) =>
    join(
      root,
      assertValidEnv(env),
      assertValidId('tenantId', tenantId),
      assertValidId('episodeId', episodeId),
      `${startMs}-${endMs}.json`,
    );

  async function read(path: string): Promise<ClipRecord | undefined> {
    const text = await readTextIfExists(path);
    if (text === undefined) return undefined;
    const parsed = clipRecordSchema.safeParse(safeJson(text));
    if (!parsed.success) {
      throw new InternalError(`The clip record ${path} is damaged`, {
        advice: 'Delete the file; the clip is cut again on the next request.',
      });
    }
    return parsed.data;
  }

  return {
    get: (ref) => read(pathOf(ref)),

    async write(record, { expectedToken }) {
      const path = pathOf(record);
      await mkdir(join(path, '..'), { recursive: true });
      return withFileLock(`${path}.lock`, async () => {
        const stored = await read(path);
        if (stored?.token !== expectedToken) return false;
        await writeFileAtomically({
          path,
          body: Readable.from([JSON.stringify(clipRecordSchema.parse(record))]),
        });
        return true;
      });
    },

    async remove(ref, { token }) {
      const path = pathOf(ref);
      const lockPath = `${path}.lock`;
      await mkdir(join(path, '..'), { recursive: true });
      await withFileLock(lockPath, async () => {
        const stored = await read(path);
        if (stored?.token === token) await rm(path, { force: true });
      });
    },
  };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
