import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { CreateBucketCommand } from '@aws-sdk/client-s3';
import { loadConfig } from '@reel/config';
import { ConfigInvalidError, InputMissingError, InvalidRequestError } from '@reel/error-taxonomy';
import { startS3rver, type S3rverHarness } from '@reel/test-servers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildJobKey,
  buildUploadKey,
  createStorage,
  createUploadStorageFromConfig,
  type MediaStorage,
} from '../src';
import { readAll } from './test-streams';

const env = 'dev';
const tenantId = 'acme';
let videoCounter = 0;

/** A fresh video per test: its upload key and its job's input key. */
function nextVideo(fileName = 'talk.mov') {
  videoCounter += 1;
  const videoId = `video-${videoCounter}`;
  return {
    uploadKey: buildUploadKey({ env, tenantId, videoId, fileName }),
    inputKey: buildJobKey({ env, tenantId, jobId: videoId, kind: 'input', name: 'source.mov' }),
  };
}

const body = Buffer.from('not really a QuickTime file, but bytes all the same\n'.repeat(1000));

async function filesUnder(root: string): Promise<string[]> {
  const entries = await readdir(root, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name));
}

describe('Feature: the upload area and copyFrom (local folders)', () => {
  let workDir: string;
  let uploads: MediaStorage;
  let media: MediaStorage;

  beforeAll(async () => {
    workDir = await mkdtemp(join(tmpdir(), 'reel-upload-area-'));
    uploads = createStorage({
      backend: 'local',
      rootDir: join(workDir, 'uploads'),
      keyLayout: 'uploads',
    });
    media = createStorage({ backend: 'local', rootDir: join(workDir, 'storage') });
  });

  afterAll(() => rm(workDir, { recursive: true, force: true }));

  it('holds only upload keys, and the media storage only media keys', async () => {
    // Prepare
    const { uploadKey, inputKey } = nextVideo();

    // Act
    const uploadIntoMedia = media.putStream({ key: uploadKey, body: Readable.from([body]) });
    const mediaIntoUploads = uploads.putStream({ key: inputKey, body: Readable.from([body]) });

    // Assess
    await expect(uploadIntoMedia).rejects.toBeInstanceOf(InvalidRequestError);
    await expect(mediaIntoUploads).rejects.toBeInstanceOf(InvalidRequestError);
    expect(await filesUnder(workDir)).toEqual([]);
  });

  it('copies an upload to the job input atomically, keeping its bytes and content type', async () => {
    // Prepare
    const { uploadKey, inputKey } = nextVideo();
    await uploads.putStream({
      key: uploadKey,
      body: Readable.from([body]),
      contentType: 'video/quicktime',
    });

    // Act
    const copied = await media.copyFrom({ source: uploads, sourceKey: uploadKey, key: inputKey });

    // Assess
    expect(copied).toMatchObject({
      key: inputKey,
      bytes: body.length,
      contentType: 'video/quicktime',
    });
    expect(await readAll(await media.getStream({ key: inputKey }))).toEqual(body);
    expect(await uploads.exists({ key: uploadKey })).toBe(true);
    expect((await filesUnder(workDir)).filter((path) => path.endsWith('.tmp'))).toEqual([]);
  });

  it('refuses a missing upload with InputMissingError and writes nothing', async () => {
    // Prepare
    const { uploadKey, inputKey } = nextVideo();

    // Act
    const copy = media.copyFrom({ source: uploads, sourceKey: uploadKey, key: inputKey });

    // Assess
    await expect(copy).rejects.toBeInstanceOf(InputMissingError);
    expect(await media.exists({ key: inputKey })).toBe(false);
  });

  it('removes the emptied video folder when an upload is deleted, keeping the tenant folder', async () => {
    // Prepare
    const { uploadKey } = nextVideo('gone.mp4');
    await uploads.putStream({ key: uploadKey, body: Readable.from([body]) });

    // Act
    await uploads.delete({ key: uploadKey });

    // Assess
    const tenantFolder = join(workDir, 'uploads', env, tenantId);
    expect(await readdir(tenantFolder)).not.toContain(uploadKey.split('/')[2]);
  });
});

describe('Feature: copyFrom on S3 (s3rver, two buckets)', () => {
  let s3: S3rverHarness;
  let uploads: MediaStorage;
  let media: MediaStorage;
  const sentCommands: string[] = [];

  beforeAll(async () => {
    s3 = await startS3rver({ bucket: 'reel-media' });
    await s3.client.send(new CreateBucketCommand({ Bucket: 'reel-uploads' }));
    const common = {
      backend: 'aws' as const,
      region: s3.region,
      endpoint: s3.endpoint,
      forcePathStyle: true,
      credentials: s3.credentials,
    };
    uploads = createStorage({ ...common, bucket: 'reel-uploads', keyLayout: 'uploads' });
    media = createStorage({
      ...common,
      bucket: s3.bucket,
      // Records what the media storage asks S3, to tell a server-side copy from a streamed one.
      instrumentClient: (client) => {
        (client as { middlewareStack: { add: (...args: unknown[]) => void } }).middlewareStack.add(
          (next: (args: unknown) => Promise<unknown>, context: { commandName?: string }) =>
            (args: unknown) => {
              sentCommands.push(context.commandName ?? '?');
              return next(args);
            },
          { step: 'initialize' },
        );
        return client;
      },
    });
  });

  afterAll(() => s3?.stop());

  it('copies server-side with CopyObject, keeping the bytes and the content type', async () => {
    // Prepare
    const { uploadKey, inputKey } = nextVideo();
    await uploads.putStream({
      key: uploadKey,
      body: Readable.from([body]),
      contentType: 'video/quicktime',
    });
    sentCommands.length = 0;

    // Act
    const copied = await media.copyFrom({ source: uploads, sourceKey: uploadKey, key: inputKey });

    // Assess
    expect(sentCommands).toEqual(['CopyObjectCommand', 'HeadObjectCommand']);
    expect(copied).toMatchObject({
      key: inputKey,
      bytes: body.length,
      contentType: 'video/quicktime',
    });
    expect(await readAll(await media.getStream({ key: inputKey }))).toEqual(body);
  });

  it('refuses a missing upload with InputMissingError and writes nothing', async () => {
    // Prepare
    const { uploadKey, inputKey } = nextVideo();

    // Act
    const copy = media.copyFrom({ source: uploads, sourceKey: uploadKey, key: inputKey });

    // Assess
    await expect(copy).rejects.toBeInstanceOf(InputMissingError);
    expect(await media.exists({ key: inputKey })).toBe(false);
  });

  it('streams across backends: a local upload into the S3 media bucket', async () => {
    // Prepare
    const workDir = await mkdtemp(join(tmpdir(), 'reel-upload-cross-'));
    const localUploads = createStorage({
      backend: 'local',
      rootDir: workDir,
      keyLayout: 'uploads',
    });
    const { uploadKey, inputKey } = nextVideo();
    await localUploads.putStream({ key: uploadKey, body: Readable.from([body]) });

    // Act
    const copied = await media
      .copyFrom({ source: localUploads, sourceKey: uploadKey, key: inputKey })
      .finally(() => rm(workDir, { recursive: true, force: true }));

    // Assess
    expect(copied).toMatchObject({
      key: inputKey,
      bytes: body.length,
      contentType: 'video/quicktime',
    });
    expect(await readAll(await media.getStream({ key: inputKey }))).toEqual(body);
  });
});

describe('Function: createUploadStorageFromConfig', () => {
  it('opens REEL_UPLOAD_PATH locally, signing upload URLs for REEL_UPLOAD_PUBLIC_BASE_URL', async () => {
    // Prepare
    const cwd = await mkdtemp(join(tmpdir(), 'reel-upload-config-'));
    const config = loadConfig(
      {
        MEDIA_STORAGE_PATH: 'data/storage',
        REEL_UPLOAD_PUBLIC_BASE_URL: 'http://127.0.0.1:8080/uploads',
      },
      { cwd },
    );
    const { uploadKey } = nextVideo();

    // Act
    const uploads = createUploadStorageFromConfig(config);
    const uploadUrl = await uploads.getUploadUrl({ key: uploadKey, contentLength: 10 });
    await uploads.putStream({ key: uploadKey, body: Readable.from([body]) });
    const stored = await filesUnder(cwd).finally(() => rm(cwd, { recursive: true, force: true }));

    // Assess
    expect(uploadUrl.url.startsWith(`http://127.0.0.1:8080/uploads/${uploadKey}?`)).toBe(true);
    expect(stored).toContain(join(cwd, 'data', 'uploads', ...uploadKey.split('/')));
  });

  it('needs REEL_UPLOAD_BUCKET on AWS', () => {
    // Prepare
    const config = loadConfig(
      {
        REEL_BACKEND: 'aws',
        REEL_BUCKET: 'reel-media',
        REEL_JOBS_TABLE: 'reel-jobs',
        AWS_REGION: 'us-east-1',
      },
      { cwd: '/srv/reel' },
    );

    // Act
    const open = () => createUploadStorageFromConfig(config);

    // Assess
    expect(open).toThrow(ConfigInvalidError);
    expect(open).toThrow('REEL_UPLOAD_BUCKET is required');
  });
});
