import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { ListMultipartUploadsCommand, paginateListObjectsV2 } from '@aws-sdk/client-s3';
import { createStorage, type MediaStorage } from '../src';
import { startS3rver } from '@reel/test-servers';
import { startLocalObjectServer } from './local-object-server';

/** One storage backend plus the ways a test can look behind it. */
export interface BackendUnderTest {
  storage: MediaStorage;
  /** Everything in the store, read around the lib: files and folders locally, object keys on S3. */
  snapshot(): Promise<string[]>;
  /** Writes that never finished: temp files locally, multipart uploads on S3. */
  incompleteWrites(): Promise<string[]>;
  /** Fetches a `getUrl` URL the way a user would: over HTTP (s3rver, or the local object handler). */
  fetchUrl(url: string): Promise<{ body: Buffer; contentType: string | undefined }>;
  teardown(): Promise<void>;
}

export interface BackendFactory {
  name: 'local' | 'aws';
  create(): Promise<BackendUnderTest>;
}

async function walk(root: string): Promise<string[]> {
  const entries = await readdir(root, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries.map((entry) => relative(root, join(entry.parentPath, entry.name))).sort();
}

/** Fetches a URL over HTTP, as a player or browser would. */
async function fetchOverHttp(
  url: string,
): Promise<{ body: Buffer; contentType: string | undefined }> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`GET ${url} answered ${response.status}`);
  return {
    body: Buffer.from(await response.arrayBuffer()),
    contentType: response.headers.get('content-type') ?? undefined,
  };
}

const urlSigningSecret = 'contract-test-url-signing-secret-0123456789';

/** The local folder with its object handler on a loopback port, so its URLs are fetched over HTTP. */
export const localBackend: BackendFactory = {
  name: 'local',
  async create() {
    const rootDir = await mkdtemp(join(tmpdir(), 'reel-storage-'));
    const server = await startLocalObjectServer({
      rootDir,
      secret: urlSigningSecret,
      basePath: '/media',
    });
    return {
      storage: createStorage({
        backend: 'local',
        rootDir,
        publicBaseUrl: server.baseUrl,
        urlSigningSecret,
      }),
      snapshot: () => walk(rootDir),
      incompleteWrites: async () => (await walk(rootDir)).filter((path) => path.endsWith('.tmp')),
      fetchUrl: fetchOverHttp,
      async teardown() {
        await server.close();
        await rm(rootDir, { recursive: true, force: true });
      },
    };
  },
};

export const s3Backend: BackendFactory = {
  name: 'aws',
  async create() {
    const s3 = await startS3rver();
    const storage = createStorage({
      backend: 'aws',
      bucket: s3.bucket,
      region: s3.region,
      endpoint: s3.endpoint,
      forcePathStyle: true,
      credentials: s3.credentials,
      // Small pages so every listing in the suite crosses page boundaries.
      listPageSize: 2,
    });
    return {
      storage,
      async snapshot() {
        const keys: string[] = [];
        for await (const page of paginateListObjectsV2(
          { client: s3.client },
          { Bucket: s3.bucket },
        )) {
          keys.push(...(page.Contents ?? []).map(({ Key }) => Key ?? ''));
        }
        return keys.sort();
      },
      async incompleteWrites() {
        const { Uploads = [] } = await s3.client.send(
          new ListMultipartUploadsCommand({ Bucket: s3.bucket }),
        );
        return Uploads.map(({ Key, UploadId }) => `${Key} (${UploadId})`);
      },
      fetchUrl: fetchOverHttp,
      teardown: () => s3.stop(),
    };
  },
};

export const allBackends: BackendFactory[] = [localBackend, s3Backend];
