import { PutCommand, DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDynamoManifestStore } from '../../src/dynamo-manifest-store';
import { createLocalManifestStore } from '../../src/local-manifest-store';
import type { ManifestStore } from '../../src/manifest-store';
import { ensureJobsTable } from '@reel/jobs-table';
import { startDynalite } from '@reel/test-servers';

export interface StoreHarness {
  createStore(options?: { env?: string; now?: () => Date }): ManifestStore;
  /** Stores a manifest document as is, bypassing the store (e.g. one an older reel wrote). */
  storeRaw(document: StoredDocument): Promise<void>;
  teardown(): Promise<void>;
}

type StoredDocument = Record<string, unknown> & {
  env: string;
  tenantId: string;
  jobId: string;
  status: string;
  createdAt: string;
  version: number;
};

/** The two backends behind the contract suite, each on real storage it creates and removes. */
export const storeHarnesses: Array<{ backend: string; setup: () => Promise<StoreHarness> }> = [
  {
    backend: 'local files',
    async setup() {
      const rootDir = await mkdtemp(join(tmpdir(), 'reel-manifest-'));
      return {
        createStore: ({ env = 'test', now } = {}) =>
          createLocalManifestStore({ rootDir, env, now }),
        async storeRaw(document) {
          const jobDir = join(rootDir, document.env, document.tenantId, document.jobId);
          await mkdir(jobDir, { recursive: true });
          await writeFile(join(jobDir, 'manifest.json'), JSON.stringify(document, null, 2));
        },
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
        async storeRaw(document) {
          const tenantKey = `${document.env}/${document.tenantId}`;
          await DynamoDBDocumentClient.from(dynalite.client).send(
            new PutCommand({
              TableName: tableName,
              Item: {
                pk: `${tenantKey}/${document.jobId}`,
                tenantKey,
                tenantStatusKey: `${tenantKey}#${document.status}`,
                createdAt: document.createdAt,
                version: document.version,
                manifest: document,
              },
            }),
          );
        },
        teardown: () => dynalite.close(),
      };
    },
  },
];
