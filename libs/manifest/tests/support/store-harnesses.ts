import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createDynamoManifestStore,
  createLocalManifestStore,
  ensureJobsTable,
  type ManifestStore,
} from '../../src/index';
import { startDynalite } from '@reel/test-servers';

export interface StoreHarness {
  createStore(options?: { env?: string; now?: () => Date }): ManifestStore;
  teardown(): Promise<void>;
}

/** The two backends behind the contract suite, each on real storage it creates and removes. */
export const storeHarnesses: Array<{ backend: string; setup: () => Promise<StoreHarness> }> = [
  {
    backend: 'local files',
    async setup() {
      const rootDir = await mkdtemp(join(tmpdir(), 'reel-manifest-'));
      return {
        createStore: ({ env = 'test', now } = {}) =>
          createLocalManifestStore({ rootDir, env, now }),
        teardown: () => rm(rootDir, { recursive: true, force: true }),
      };
    },
  },
  {
    backend: 'DynamoDB (dynalite)',
    async setup() {
      const dynalite = await startDynalite();
      const tableName = 'reel-test-jobs';
      await ensureJobsTable({ client: dynalite.client, tableName });
      return {
        createStore: ({ env = 'test', now } = {}) =>
          createDynamoManifestStore({ tableName, env, now, client: dynalite.client }),
        teardown: () => dynalite.close(),
      };
    },
  },
];
