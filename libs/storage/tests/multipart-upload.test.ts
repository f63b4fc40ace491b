import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { CreateBucketCommand, ListMultipartUploadsCommand } from '@aws-sdk/client-s3';
import { startS3rver, type S3rverHarness } from '@reel/test-servers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  InvalidPartListError,
  MIN_PART_SIZE_BYTES,
  MultipartUploadNotFoundError,
  buildUploadKey,
  createStorage,
  signLocalUrl,
  type MediaStorage,
  type MultipartUpload,
} from '../src';
import {
  rawRequest,
  requestTarget,
  startLocalObjectServer,
  type LocalObjectServer,
} from './local-object-server';
import { sha256Of } from './test-streams';

const secret = 'multipart-test-secret-0123456789abcdefghij';
const partSizeBytes = MIN_PART_SIZE_BYTES;
// Three parts: two of 5 MiB and a short last one.
const file = randomBytes(2 * MIN_PART_SIZE_BYTES + 123_457);
const fileSha256 = createHash('sha256').update(file).digest('hex');
let videoCounter = 0;

function nextUploadKey(fileName = 'talk.mp4'): string {
  videoCounter += 1;
  return buildUploadKey({
    env: 'dev',
    tenantId: 'acme',
    videoId: `video-${videoCounter}`,
    fileName,
  });
}

function bytesOf(upload: MultipartUpload, partNumber: number): Buffer {
  const start = (partNumber - 1) * partSizeBytes;
  return file.subarray(start, start + (upload.parts[partNumber - 1]?.sizeBytes ?? 0));
}

/** PUTs parts as a browser would (fetch sends the Content-Length), returning each ETag answered. */
async function putParts(upload: MultipartUpload, only?: number[]) {
  const sent = upload.parts.filter(
    ({ partNumber }) => only === undefined || only.includes(partNumber),
  );
  return Promise.all(
    sent.map(async ({ partNumber, url }) => {
      const response = await fetch(url, { method: 'PUT', body: bytesOf(upload, partNumber) });
      expect(response.status).toBe(200);
      return { partNumber, etag: response.headers.get('etag') ?? '' };
    }),
  );
}

describe('Feature: multipart uploads into the local upload area (over a real socket)', () => {
  let rootDir: string;
  let server: LocalObjectServer;
  let uploads: MediaStorage;

  /** The parts and temp files an upload left in the root. */
  async function leftovers(uploadId: string): Promise<string[]> {
    const entries = await readdir(rootDir, { recursive: true, withFileTypes: true });
    return entries
      .filter((entry) => entry.isFile() && !entry.name.includes('url-signing-secret'))
      .map((entry) => relative(rootDir, join(entry.parentPath, entry.name)))
      .filter((path) => path.includes(uploadId) || path.endsWith('.tmp'));
  }

  beforeAll(async () => {
    rootDir = await mkdtemp(join(tmpdir(), 'reel-multipart-'));
    server = await startLocalObjectServer({ rootDir, secret, basePath: '/uploads' });
    uploads = createStorage({
      backend: 'local',
      keyLayout: 'uploads',
      rootDir,
      publicBaseUrl: server.baseUrl,
      urlSigningSecret: secret,
    });
  });

  afterAll(async () => {
    await server?.close();
    await rm(rootDir, { recursive: true, force: true });
  });

  it('round-trips a file in three parts, byte for byte, leaving no parts behind', async () => {
    // Prepare
    const key = nextUploadKey();
    const upload = await uploads.createMultipartUpload({
      key,
      contentLength: file.length,
      partSizeBytes,
    });

    // Act
    const parts = await putParts(upload);
    const stored = await uploads.completeMultipartUpload({ key, uploadId: upload.uploadId, parts });

    // Assess
    expect(upload.parts.map(({ sizeBytes }) => sizeBytes)).toEqual([
      partSizeBytes,
      partSizeBytes,
      123_457,
    ]);
    expect(upload.parts[0]?.headers).toEqual({ 'content-length': String(partSizeBytes) });
    expect(stored).toMatchObject({ key, bytes: file.length, contentType: 'video/mp4' });
    expect(await sha256Of(await uploads.getStream({ key }))).toEqual({
      sha256: fileSha256,
      bytes: file.length,
    });
    expect(await leftovers(upload.uploadId)).toEqual([]);
  });

  it('completes without a part list from the parts it holds', async () => {
    // Prepare
    const key = nextUploadKey();
    const upload = await uploads.createMultipartUpload({
      key,
      contentLength: file.length,
      partSizeBytes,
    });
    await putParts(upload);

    // Act
    const stored = await uploads.completeMultipartUpload({ key, uploadId: upload.uploadId });

    // Assess
    expect(stored.bytes).toBe(file.length);
    expect((await sha256Of(await uploads.getStream({ key }))).sha256).toBe(fileSha256);
  });

  it('refuses a part longer than its URL with 413 and a part URL with a changed part number with 403', async () => {
    // Prepare
    const key = nextUploadKey();
    const upload = await uploads.createMultipartUpload({
      key,
      contentLength: file.length,
      partSizeBytes,
    });
    const last = upload.parts[2];
    if (last === undefined) throw new Error('no third part');
    const longer = Buffer.concat([bytesOf(upload, 3), Buffer.from('x')]);
    const tampered = last.url.replace('partNumber=3', 'partNumber=2');

    // Act
    const tooLong = await rawRequest({
      port: server.port,
      method: 'PUT',
      path: requestTarget(last.url),
      headers: { 'Content-Length': longer.length },
      body: longer,
    });
    const renumbered = await fetch(tampered, { method: 'PUT', body: bytesOf(upload, 3) });

    // Assess
    expect(tooLong.status).toBe(413);
    expect(renumbered.status).toBe(403);
    expect(await uploads.exists({ key })).toBe(false);
  });

  it('refuses an expired part URL with 403', async () => {
    // Prepare
    const key = nextUploadKey();
    const upload = await uploads.createMultipartUpload({
      key,
      contentLength: file.length,
      partSizeBytes,
    });
    const expired = signLocalUrl({
      baseUrl: server.baseUrl,
      key,
      method: 'PUT',
      expiresAtMs: Date.now() - 1000,
      contentLength: partSizeBytes,
      part: { uploadId: upload.uploadId, partNumber: 1 },
      secret,
    });

    // Act
    const response = await fetch(expired, { method: 'PUT', body: bytesOf(upload, 1) });

    // Assess
    expect(response.status).toBe(403);
    expect(await response.json()).toMatchObject({
      code: 'PERMISSION_DENIED',
      detail: expect.stringContaining('expired') as string,
    });
  });

  it('refuses to complete with a part missing or not the one listed, then completes once it is there', async () => {
    // Prepare
    const key = nextUploadKey();
    const upload = await uploads.createMultipartUpload({
      key,
      contentLength: file.length,
      partSizeBytes,
    });
    const firstTwo = await putParts(upload, [1, 2]);

    // Act
    const failed = (promise: Promise<unknown>) =>
      promise.then(
        () => undefined,
        (error: unknown) => error,
      );
    const missing = await failed(
      uploads.completeMultipartUpload({ key, uploadId: upload.uploadId }),
    );
    const [third] = await putParts(upload, [3]);
    const wrongEtag = await failed(
      uploads.completeMultipartUpload({
        key,
        uploadId: upload.uploadId,
        parts: [...firstTwo, { partNumber: 3, etag: 'not-its-etag' }],
      }),
    );
    const misnumbered = await failed(
      uploads.completeMultipartUpload({
        key,
        uploadId: upload.uploadId,
        parts: [firstTwo[1]!, firstTwo[0]!, third!],
      }),
    );

    // Assess
    expect(missing).toBeInstanceOf(InvalidPartListError);
    expect((missing as Error).message).toContain('Part 3 of');
    expect(wrongEtag).toBeInstanceOf(InvalidPartListError);
    expect(misnumbered).toMatchObject({ code: 'INVALID_REQUEST' });
    expect(await uploads.exists({ key })).toBe(false);
    const stored = await uploads.completeMultipartUpload({
      key,
      uploadId: upload.uploadId,
      parts: [...firstTwo, third!],
    });
    expect(stored.bytes).toBe(file.length);
  });

  it('answers an unknown, finished or other key’s upload id with MultipartUploadNotFoundError (404)', async () => {
    // Prepare
    const key = nextUploadKey();
    const otherKey = nextUploadKey();
    const upload = await uploads.createMultipartUpload({
      key,
      contentLength: file.length,
      partSizeBytes,
    });
    const parts = await putParts(upload);
    await uploads.completeMultipartUpload({ key, uploadId: upload.uploadId, parts });

    // Act
    const attempts = await Promise.all(
      [
        { key, uploadId: '0'.repeat(32) },
        { key, uploadId: '../../etc' },
        { key, uploadId: upload.uploadId },
        { key: otherKey, uploadId: upload.uploadId },
      ].map((options) =>
        uploads.completeMultipartUpload(options).then(
          () => undefined,
          (error: unknown) => error,
        ),
      ),
    );

    // Assess
    for (const error of attempts) {
      expect(error).toBeInstanceOf(MultipartUploadNotFoundError);
      expect(error).toMatchObject({ code: 'NOT_FOUND' });
    }
  });

  it('aborts: the parts are removed, completion is then unknown and a second abort succeeds', async () => {
    // Prepare
    const key = nextUploadKey();
    const upload = await uploads.createMultipartUpload({
      key,
      contentLength: file.length,
      partSizeBytes,
    });
    await putParts(upload, [1]);

    // Act
    await uploads.abortMultipartUpload({ key, uploadId: upload.uploadId });
    const late = await fetch(upload.parts[1]!.url, { method: 'PUT', body: bytesOf(upload, 2) });

    // Assess: refused before its 5 MiB body was read, so the server closes the connection rather
    // than let the client reuse a socket it is about to reset.
    expect(late.status).toBe(404);
    expect(late.headers.get('connection')).toBe('close');
    await expect(
      uploads.completeMultipartUpload({ key, uploadId: upload.uploadId }),
    ).rejects.toBeInstanceOf(MultipartUploadNotFoundError);
    await expect(
      uploads.abortMultipartUpload({ key, uploadId: upload.uploadId }),
    ).resolves.toBeUndefined();
    expect(await leftovers(upload.uploadId)).toEqual([]);
  });

  it('removes an upload abandoned a day past its expiry when the next one starts', async () => {
    // Prepare: the first upload's URLs expired 25 h ago.
    const key = nextUploadKey();
    const upload = await uploads.createMultipartUpload({
      key,
      contentLength: file.length,
      partSizeBytes,
    });
    await putParts(upload, [1]);
    const statePath = join(rootDir, '.reel', 'multipart', upload.uploadId, 'upload.json');
    const state = JSON.parse(await readFile(statePath, 'utf8')) as { expiresAtMs: number };
    await writeFile(
      statePath,
      JSON.stringify({ ...state, expiresAtMs: Date.now() - 25 * 3600_000 }),
    );

    // Act
    const next = await uploads.createMultipartUpload({
      key,
      contentLength: file.length,
      partSizeBytes,
    });

    // Assess
    expect(await leftovers(upload.uploadId)).toEqual([]);
    expect(await leftovers(next.uploadId)).toEqual([
      `.reel/multipart/${next.uploadId}/upload.json`,
    ]);
    await uploads.abortMultipartUpload({ key, uploadId: next.uploadId });
  });

  it('refuses a single-PUT upload longer than declared with 413, through the URL alone', async () => {
    // Prepare
    const key = nextUploadKey('small.mp4');
    const body = randomBytes(1000);
    const { url } = await uploads.getUploadUrl({ key, contentLength: body.length });

    // Act
    const longer = await rawRequest({
      port: server.port,
      method: 'PUT',
      path: requestTarget(url),
      headers: { 'Content-Length': body.length + 1 },
      body: Buffer.concat([body, Buffer.from('!')]),
    });
    const exact = await fetch(url, { method: 'PUT', body });

    // Assess
    expect(longer.status).toBe(413);
    expect(exact.status).toBe(200);
    expect((await uploads.head({ key })).bytes).toBe(body.length);
  });
});

describe('Feature: multipart uploads on S3 (s3rver, presigned part URLs)', () => {
  let s3: S3rverHarness;
  let uploads: MediaStorage;

  beforeAll(async () => {
    s3 = await startS3rver({ bucket: 'reel-media' });
    await s3.client.send(new CreateBucketCommand({ Bucket: 'reel-uploads' }));
    uploads = createStorage({
      backend: 'aws',
      keyLayout: 'uploads',
      bucket: 'reel-uploads',
      region: s3.region,
      endpoint: s3.endpoint,
      forcePathStyle: true,
      credentials: s3.credentials,
    });
  });

  afterAll(() => s3?.stop());

  async function openUploads(): Promise<string[]> {
    const { Uploads = [] } = await s3.client.send(
      new ListMultipartUploadsCommand({ Bucket: 'reel-uploads' }),
    );
    return Uploads.map(({ UploadId }) => UploadId ?? '');
  }

  it('round-trips a file in three presigned parts whose signatures cover their lengths', async () => {
    // Prepare
    const key = nextUploadKey();
    const upload = await uploads.createMultipartUpload({
      key,
      contentLength: file.length,
      partSizeBytes,
    });

    // Act
    const parts = await putParts(upload);
    const stored = await uploads.completeMultipartUpload({ key, uploadId: upload.uploadId, parts });

    // Assess
    for (const { url, partNumber } of upload.parts) {
      const query = new URL(url).searchParams;
      expect(query.get('X-Amz-SignedHeaders')).toBe('content-length;host');
      expect(query.get('partNumber')).toBe(String(partNumber));
      expect(query.get('uploadId')).toBe(upload.uploadId);
      expect([...query.keys()].some((name) => name.startsWith('x-amz-checksum'))).toBe(false);
    }
    expect(parts.every(({ etag }) => /^"[0-9a-f]{32}"$/.test(etag))).toBe(true);
    expect(stored).toMatchObject({ key, bytes: file.length, contentType: 'video/mp4' });
    expect((await sha256Of(await uploads.getStream({ key }))).sha256).toBe(fileSha256);
    expect(await openUploads()).toEqual([]);
  });

  it('completes without a part list from the parts ListParts finds, and refuses one with a part missing', async () => {
    // Prepare
    const key = nextUploadKey();
    const short = nextUploadKey();
    const upload = await uploads.createMultipartUpload({
      key,
      contentLength: file.length,
      partSizeBytes,
    });
    const shortUpload = await uploads.createMultipartUpload({
      key: short,
      contentLength: file.length,
      partSizeBytes,
    });
    await putParts(upload);
    await putParts(shortUpload, [1, 3]);

    // Act
    const stored = await uploads.completeMultipartUpload({ key, uploadId: upload.uploadId });
    const gap = await uploads
      .completeMultipartUpload({ key: short, uploadId: shortUpload.uploadId })
      .then(
        () => undefined,
        (error: unknown) => error,
      );

    // Assess
    expect(stored.bytes).toBe(file.length);
    expect((await sha256Of(await uploads.getStream({ key }))).sha256).toBe(fileSha256);
    expect(gap).toBeInstanceOf(InvalidPartListError);
    expect(await uploads.exists({ key: short })).toBe(false);
    await uploads.abortMultipartUpload({ key: short, uploadId: shortUpload.uploadId });
  });

  it('answers completing an aborted upload with MultipartUploadNotFoundError', async () => {
    // Prepare
    const key = nextUploadKey();
    const upload = await uploads.createMultipartUpload({
      key,
      contentLength: file.length,
      partSizeBytes,
    });
    await uploads.abortMultipartUpload({ key, uploadId: upload.uploadId });

    // Act
    const complete = uploads.completeMultipartUpload({ key, uploadId: upload.uploadId });

    // Assess
    await expect(complete).rejects.toBeInstanceOf(MultipartUploadNotFoundError);
  });

  it('refuses a misnumbered part list before asking S3, and aborts idempotently', async () => {
    // Prepare
    const key = nextUploadKey();
    const upload = await uploads.createMultipartUpload({
      key,
      contentLength: file.length,
      partSizeBytes,
    });
    const parts = await putParts(upload, [1, 2]);

    // Act
    const misnumbered = uploads.completeMultipartUpload({
      key,
      uploadId: upload.uploadId,
      parts: [parts[1]!, parts[0]!],
    });
    await expect(misnumbered).rejects.toBeInstanceOf(InvalidPartListError);
    expect(await openUploads()).toEqual([upload.uploadId]);
    await uploads.abortMultipartUpload({ key, uploadId: upload.uploadId });
    await uploads.abortMultipartUpload({ key, uploadId: upload.uploadId });

    // Assess
    expect(await openUploads()).toEqual([]);
    expect(await uploads.exists({ key })).toBe(false);
  });
});
