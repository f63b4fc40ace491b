import { createReadStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { ReelConfig } from '@reel/config';
import { writeFileAtomically, type MediaStorage } from '@reel/storage';

/**
 * Where `reel tenant branding` puts and takes back a branding file. @reel/storage builds branding
 * keys (`buildBrandingKey`) but its key check (`parseObjectKey`) knows only job, manifest and clip
 * keys, so `storage.putFile` refuses `{env}/{tenant}/branding/{name}`. Until it accepts them, the
 * local backend writes the file itself, atomically, where the storage would; the AWS backend goes
 * through the storage (and fails with its INVALID_REQUEST until then).
 */
export interface BrandingStorage {
  put(options: { key: string; path: string }): Promise<void>;
  delete(options: { key: string }): Promise<void>;
}

export function createBrandingStorage(config: ReelConfig, storage: MediaStorage): BrandingStorage {
  if (config.backend !== 'local') {
    return {
      put: async (options) => void (await storage.putFile(options)),
      delete: (options) => storage.delete(options),
    };
  }
  const pathOf = (key: string) => join(config.mediaStoragePath, key);
  return {
    async put({ key, path }) {
      await mkdir(dirname(pathOf(key)), { recursive: true });
      await writeFileAtomically({ path: pathOf(key), body: createReadStream(path) });
    },
    delete: ({ key }) => rm(pathOf(key), { force: true }),
  };
}
