import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '@reel/config';
import { ConfigInvalidError } from '@reel/error-taxonomy';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createStorage, createStorageFromConfig } from './create-storage';
import { verifyLocalUrl } from './local-url-signature';
import type { LocalStorageOptions, S3StorageOptions } from './media-storage';

const key = 'dev/acme/ep-42/audio/audio.mp3';

describe('Function: createStorage', () => {
  it.each([
    [{ backend: 'local', rootDir: '' }, 'rootDir'],
    [{ backend: 'local', rootDir: './storage', publicBaseUrl: 'ftp://x' }, 'publicBaseUrl'],
    [{ backend: 'aws', bucket: '', region: 'us-east-1' }, 'bucket'],
    [{ backend: 'aws', bucket: 'media', region: '' }, 'region'],
    [
      { backend: 'aws', bucket: 'media', region: 'us-east-1', endpoint: 'localhost:4568' },
      'endpoint',
    ],
    [{ backend: 'aws', bucket: 'media', region: 'us-east-1', listPageSize: 5000 }, 'listPageSize'],
    [{ backend: 'gcs' }, 'backend'],
  ])('rejects %j, naming %s', (options, option) => {
    // Act
    const create = () => createStorage(options as LocalStorageOptions | S3StorageOptions);

    // Assess
    expect(create).toThrow(ConfigInvalidError);
    expect(create).toThrow(option);
  });
});

describe('Function: createStorageFromConfig', () => {
  const savedEnv = { ...process.env };

  beforeEach(() => {
    // The default credential chain reads these; getUrl only signs, it never calls AWS.
    process.env.AWS_ACCESS_KEY_ID = 'AKIDEXAMPLE';
    process.env.AWS_SECRET_ACCESS_KEY = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
  });

  afterEach(() => {
    process.env = { ...savedEnv };
  });

  it('uses MEDIA_STORAGE_PATH and REEL_PUBLIC_BASE_URL locally, signing with the root’s secret', async () => {
    // Prepare
    const cwd = await mkdtemp(join(tmpdir(), 'reel-config-storage-'));
    const config = loadConfig(
      { MEDIA_STORAGE_PATH: 'media', REEL_PUBLIC_BASE_URL: 'http://127.0.0.1:3000/files' },
      { cwd },
    );

    // Act
    const storage = createStorageFromConfig(config);
    const url = await storage.getUrl({ key }).finally(() => rm(cwd, { recursive: true }));

    // Assess
    expect(storage.backend).toBe('local');
    expect(url).toMatch(
      new RegExp(`^http://127\\.0\\.0\\.1:3000/files/${key}\\?expires=\\d+&signature=[\\w-]{43}$`),
    );
  });

  it('signs local URLs with REEL_URL_SIGNING_SECRET when it is set', async () => {
    // Prepare
    const secret = 'config-secret-0123456789abcdefghijklmn';
    const config = loadConfig(
      {
        MEDIA_STORAGE_PATH: 'media',
        REEL_PUBLIC_BASE_URL: 'http://127.0.0.1:3000/files',
        REEL_URL_SIGNING_SECRET: secret,
      },
      { cwd: '/nonexistent/reel' },
    );

    // Act
    const url = new URL(await createStorageFromConfig(config).getUrl({ key }));

    // Assess
    expect(
      verifyLocalUrl({ key, method: 'GET', query: url.search.slice(1), secret }),
    ).toMatchObject({ method: 'GET' });
  });

  it('uses the bucket, region, endpoint and path style on AWS', async () => {
    // Prepare
    const config = loadConfig({
      REEL_BACKEND: 'aws',
      REEL_BUCKET: 'reel-media',
      REEL_JOBS_TABLE: 'reel-jobs',
      AWS_REGION: 'eu-west-1',
      REEL_S3_ENDPOINT: 'http://127.0.0.1:4568',
    });

    // Act
    const storage = createStorageFromConfig(config);
    const url = new URL(await storage.getUrl({ key }));

    // Assess
    expect(storage.backend).toBe('aws');
    expect(`${url.origin}${url.pathname}`).toBe(`http://127.0.0.1:4568/reel-media/${key}`);
    expect(url.searchParams.get('X-Amz-Credential')).toContain('/eu-west-1/s3/');
  });
});
