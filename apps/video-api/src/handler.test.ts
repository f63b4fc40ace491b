import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ReelConfig } from '@reel/config';
import { createFfmpegRuntime } from '@reel/ffmpeg-runtime';
import { MULTIPART_THRESHOLD_BYTES, buildUploadKey } from '@reel/storage';
import {
  addExtractedAudio,
  createTestEnvironment,
  testBackends,
  type TestEnvironment,
} from '@reel/test-jobs';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  apiEvent,
  createTenantKey,
  lambdaContext,
  videoApiTestConfig,
} from '../tests/support/video-fixtures';
import { createVideoApiHandler } from './handler';
import { createVideoApiDependencies, type VideoApiDependencies } from './video-api-dependencies';

type Key = Awaited<ReturnType<typeof createTenantKey>>;

describe.each(testBackends)('video-api on %s', (backend) => {
  let environment: TestEnvironment;
  let config: ReelConfig;
  let closeServer: () => Promise<void>;
  let dependencies: VideoApiDependencies;
  let handler: ReturnType<typeof createVideoApiHandler>;
  let acme: Key;
  let globex: Key;
  let lister: Key;

  const call = (
    key: Key | undefined,
    options: { method?: string; path: string; query?: Record<string, string>; body?: unknown },
    headers: Record<string, string> = {},
  ) =>
    handler(
      apiEvent({
        ...options,
        headers: {
          ...(key === undefined ? {} : { authorization: `Bearer ${key.secret}` }),
          ...headers,
        },
      }),
      lambdaContext,
    );
  const json = (result: { body?: string }) => JSON.parse(result.body ?? '{}');

  /** The bytes behind a link: fetched over HTTP (signed local URL, presigned s3rver URL) or read. */
  async function download(url: string): Promise<Buffer> {
    if (url.startsWith('file:')) return readFile(fileURLToPath(url));
    const response = await fetch(url);
    expect(response.status).toBe(200);
    return Buffer.from(await response.arrayBuffer());
  }

  beforeAll(async () => {
    environment = await createTestEnvironment({ name: 'video-api', backend });
    ({ config, close: closeServer } = await videoApiTestConfig(environment.dependencies.config));
    dependencies = createVideoApiDependencies(config);
    handler = createVideoApiHandler(() => dependencies);
    [acme, globex, lister] = await Promise.all([
      createTenantKey(config, 'acme'),
      createTenantKey(config, 'globex'),
      createTenantKey(config, 'lister'),
    ]);
  }, 60_000);
  afterAll(async () => {
    await closeServer?.();
    await environment?.cleanup();
  });

  it('answers /health without a key: version, backend and every dependency ok', async () => {
    // Act
    const result = await call(undefined, { path: '/health' });

    // Assess
    const health = json(result);
    expect(result.statusCode, JSON.stringify(health.checks)).toBe(200);
    expect(health).toMatchObject({ status: 'ok', version: '1.0.0', backend: config.backend });
    for (const name of ['storage', 'uploads', 'manifests', 'ffmpeg']) {
      expect(health.checks[name].ok, name).toBe(true);
    }
    expect(health.checks.ffmpeg.detail).toMatch(/^\d+\.\d+/);
  });

  it('answers /health 503 naming the dependency that failed', async () => {
    // Prepare
    const broken = createVideoApiHandler(() => ({
      ...dependencies,
      runtime: createFfmpegRuntime({ ffmpegPath: '/nonexistent/ffmpeg' }),
    }));

    // Act
    const result = await broken(apiEvent({ path: '/health' }), lambdaContext);

    // Assess
    expect(result.statusCode).toBe(503);
    const health = json(result);
    expect(health.status).toBe('unavailable');
    expect(health.checks.ffmpeg).toMatchObject({ ok: false, errorCode: 'RUNTIME_MISSING' });
    expect(health.checks.storage.ok).toBe(true);
  });

  it('creates a video awaiting its upload whose URL takes the file, then reads it as uploaded', async () => {
    // Prepare
    const file = Buffer.alloc(4_096, 7);

    // Act
    const created = await call(acme, {
      method: 'POST',
      path: '/videos',
      body: {
        title: 'Talk',
        description: 'A talk',
        fileSizeBytes: file.length,
        fileName: 'My talk.mp4',
      },
    });
    const video = json(created);
    const put = await fetch(video.uploadUrl, {
      method: 'PUT',
      headers: video.uploadHeaders,
      body: file,
    });
    const read = await call(acme, { path: `/videos/${video.id}` });

    // Assess
    expect(created.statusCode).toBe(201);
    expect(created.headers?.['location']).toBe(`/videos/${video.id}`);
    expect(video).toMatchObject({
      title: 'Talk',
      description: 'A talk',
      status: 'awaiting_upload',
      autoProcess: false,
      upload: { fileName: 'My-talk.mp4', declaredBytes: 4_096, multipart: false },
    });
    expect(video.id).toMatch(/^v[0-9a-f]{20}$/);
    expect(Date.parse(video.upload.expiresAt) - Date.now()).toBeGreaterThan(3_500_000);
    expect(put.status).toBeLessThan(300);
    const key = buildUploadKey({
      env: 'dev',
      tenantId: 'acme',
      videoId: video.id,
      fileName: 'My-talk.mp4',
    });
    expect((await dependencies.uploads.head({ key })).bytes).toBe(4_096);
    expect(read.statusCode).toBe(200);
    expect(json(read)).toMatchObject({ id: video.id, status: 'uploaded', links: {} });
  });

  it('hands a file over 100 MiB part URLs, takes the parts and their completion, then reads it as uploaded', async () => {
    // Prepare: a little over the threshold, so the last part is a short one.
    const file = Buffer.alloc(MULTIPART_THRESHOLD_BYTES + 1_234, 3);
    file.write('reel multipart', 0);
    file.write('the end', file.length - 7);

    // Act
    const created = await call(acme, {
      method: 'POST',
      path: '/videos',
      body: { title: 'Long talk', fileSizeBytes: file.length, fileName: 'long.mp4' },
    });
    const video = json(created);
    const parts: Array<{ partNumber: number; etag: string }> = [];
    let offset = 0;
    for (const part of video.uploadParts as Array<{
      partNumber: number;
      url: string;
      sizeBytes: number;
    }>) {
      const response = await fetch(part.url, {
        method: 'PUT',
        body: file.subarray(offset, offset + part.sizeBytes),
      });
      offset += part.sizeBytes;
      expect(response.status).toBe(200);
      parts.push({ partNumber: part.partNumber, etag: response.headers.get('etag') ?? '' });
    }
    const completed = await call(acme, {
      method: 'POST',
      path: video.uploadCompletePath,
      body: { parts },
    });

    // Assess
    expect(created.statusCode).toBe(201);
    expect(video).toMatchObject({
      status: 'awaiting_upload',
      upload: { fileName: 'long.mp4', declaredBytes: file.length, multipart: true },
    });
    expect(video.uploadUrl).toBeUndefined();
    expect(video.uploadParts.length).toBeGreaterThan(1);
    expect(offset).toBe(file.length);
    expect(completed.statusCode).toBe(200);
    expect(json(completed)).toMatchObject({ id: video.id, status: 'uploaded' });
    const key = buildUploadKey({
      env: 'dev',
      tenantId: 'acme',
      videoId: video.id,
      fileName: 'long.mp4',
    });
    const stored = await dependencies.uploads.getStream({ key });
    const chunks: Buffer[] = [];
    for await (const chunk of stored as AsyncIterable<Buffer>) chunks.push(chunk);
    expect(Buffer.concat(chunks).equals(file)).toBe(true);
  });

  it('answers a retry with the same Idempotency-Key with the same video, and another body with 409', async () => {
    // Prepare
    const body = { title: 'Retried', fileSizeBytes: 1_000 };
    const headers = { 'idempotency-key': 'req-42' };

    // Act
    const first = await call(acme, { method: 'POST', path: '/videos', body }, headers);
    const again = await call(acme, { method: 'POST', path: '/videos', body }, headers);
    const other = await call(
      acme,
      { method: 'POST', path: '/videos', body: { ...body, title: 'Other' } },
      headers,
    );
    const otherTenant = await call(globex, { method: 'POST', path: '/videos', body }, headers);

    // Assess
    expect(first.statusCode).toBe(201);
    expect(again.statusCode).toBe(200);
    expect(json(again).id).toBe(json(first).id);
    expect(json(again).uploadUrl).toEqual(expect.any(String));
    expect(other.statusCode).toBe(409);
    expect(other.headers?.['content-type']).toBe('application/problem+json');
    expect(json(other).code).toBe('CONFLICT');
    expect(otherTenant.statusCode).toBe(201);
    expect(json(otherTenant).id).not.toBe(json(first).id);
  });

  it('creates one video for concurrent requests with one Idempotency-Key', async () => {
    // Act
    const results = await Promise.all(
      Array.from({ length: 5 }, () =>
        call(
          acme,
          { method: 'POST', path: '/videos', body: { title: 'Raced', fileSizeBytes: 10 } },
          { 'idempotency-key': 'raced' },
        ),
      ),
    );

    // Assess
    expect(results.map(({ statusCode }) => statusCode).sort()).toEqual([200, 200, 200, 200, 201]);
    expect(new Set(results.map((result) => json(result).id)).size).toBe(1);
  });

  it('refuses a declared size over the guardrail with 413 and creates nothing', async () => {
    // Prepare
    const tooBig = dependencies.runtime.guardrails.maxBytes + 1;

    // Act
    const result = await call(lister, {
      method: 'POST',
      path: '/videos',
      body: { title: 'Huge', fileSizeBytes: tooBig },
    });

    // Assess
    expect(result.statusCode).toBe(413);
    expect(json(result)).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', status: 413 });
    expect((await dependencies.manifests.listJobs({ tenantId: 'lister' })).jobs).toEqual([]);
  });

  it('refuses bodies without a size or with both sources, and non-JSON bodies', async () => {
    // Act
    const neither = await call(acme, { method: 'POST', path: '/videos', body: { title: 'x' } });
    const noTitle = await call(acme, {
      method: 'POST',
      path: '/videos',
      body: { fileSizeBytes: 5 },
    });
    const text = await call(
      acme,
      { method: 'POST', path: '/videos', body: { title: 'x', fileSizeBytes: 5 } },
      { 'content-type': 'text/plain' },
    );

    // Assess
    expect(neither.statusCode).toBe(400);
    expect(json(neither).detail).toContain('fileSizeBytes');
    expect(noTitle.statusCode).toBe(400);
    expect(json(noTitle).detail).toContain('title');
    expect(text.statusCode).toBe(415);
    expect(json(text).code).toBe('UNSUPPORTED_CONTENT_TYPE');
  });

  /** The sourceUrl of an upload-area key, as the backend names it. */
  const sourceUrlOf = (key: string) =>
    config.backend === 'aws'
      ? `s3://${config.uploadBucket}/${key}`
      : `file://${config.uploadPath}/${key}`;

  it('creates an uploaded video from a sourceUrl in the tenant’s upload area', async () => {
    // Prepare
    const key = buildUploadKey({
      env: 'dev',
      tenantId: 'acme',
      videoId: 'batch-1',
      fileName: 'clip.mp4',
    });
    const path = join(environment.fixturesDir, 'clip.bin');
    await writeFile(path, Buffer.alloc(2_048, 1));
    await dependencies.uploads.putFile({ key, path });

    // Act
    const result = await call(acme, {
      method: 'POST',
      path: '/videos',
      body: { title: 'From a bucket', sourceUrl: sourceUrlOf(key), autoProcess: true },
    });

    // Assess
    expect(result.statusCode).toBe(201);
    expect(json(result)).toMatchObject({
      status: 'uploaded',
      autoProcess: true,
      upload: { fileName: 'clip.mp4', declaredBytes: 2_048, multipart: false },
    });
    expect(json(result).uploadUrl).toBeUndefined();
  });

  it.each([
    ['another tenant’s area', () => sourceUrlOf('dev/globex/batch-1/clip.mp4')],
    ['another env', () => sourceUrlOf('prod/acme/batch-1/clip.mp4')],
    ['a parent folder', () => sourceUrlOf('dev/acme/../globex/clip.mp4')],
    ['another bucket or folder', () => 's3://somebody-elses/dev/acme/batch-1/clip.mp4'],
    ['a local path', () => 'file:///etc/passwd'],
    ['an http URL', () => 'https://example.com/dev/acme/batch-1/clip.mp4'],
    ['a missing object', () => sourceUrlOf('dev/acme/batch-9/none.mp4')],
  ])('refuses a sourceUrl naming %s with 400', async (_case, sourceUrl) => {
    // Act
    const result = await call(acme, {
      method: 'POST',
      path: '/videos',
      body: { title: 'Sneaky', sourceUrl: sourceUrl() },
    });

    // Assess
    expect(result.statusCode).toBe(400);
    expect(json(result)).toMatchObject({ code: 'INVALID_REQUEST' });
  });

  it('lists videos newest first across 3 pages, and by status through the index', async () => {
    // Prepare: 5 awaiting upload, 2 uploaded (from a sourceUrl), one at a time so times differ.
    const key = buildUploadKey({
      env: 'dev',
      tenantId: 'lister',
      videoId: 'src',
      fileName: 'a.mp4',
    });
    const path = join(environment.fixturesDir, 'lister.bin');
    await writeFile(path, Buffer.alloc(100, 2));
    await dependencies.uploads.putFile({ key, path });
    const createdIds: string[] = [];
    for (const [index, body] of [
      ...Array.from({ length: 5 }, (_, index) => ({ title: `Wait ${index}`, fileSizeBytes: 10 })),
      { title: 'Ready 1', sourceUrl: sourceUrlOf(key) },
      { title: 'Ready 2', sourceUrl: sourceUrlOf(key) },
    ].entries()) {
      const result = await call(lister, { method: 'POST', path: '/videos', body });
      expect(result.statusCode, `video ${index}`).toBe(201);
      createdIds.push(json(result).id);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }

    // Act
    const pages: Array<{ videos: Array<{ id: string; status: string }>; nextCursor?: string }> = [];
    let cursor: string | undefined;
    do {
      const result = await call(lister, {
        path: '/videos',
        query: {
          status: 'awaiting_upload',
          limit: '2',
          ...(cursor === undefined ? {} : { cursor }),
        },
      });
      expect(result.statusCode).toBe(200);
      pages.push(json(result));
      cursor = pages.at(-1)?.nextCursor;
    } while (cursor !== undefined && pages.length < 5);
    const everything = json(await call(lister, { path: '/videos', query: { limit: '100' } }));

    // Assess
    expect(pages.map(({ videos }) => videos.length)).toEqual([2, 2, 1]);
    const listed = pages.flatMap(({ videos }) => videos);
    expect(listed.every(({ status }) => status === 'awaiting_upload')).toBe(true);
    expect(listed.map(({ id }) => id)).toEqual(createdIds.slice(0, 5).reverse());
    expect(everything.videos.map(({ id }: { id: string }) => id)).toEqual(
      [...createdIds].reverse(),
    );
    expect(everything.nextCursor).toBeUndefined();
  });

  it('gets a processed video with links that download its outputs', async () => {
    // Prepare: a job of acme with extracted audio, as audio-extraction leaves it.
    const mp3Path = join(environment.fixturesDir, 'done.mp3');
    // prettier-ignore
    await execa('ffmpeg', [
      '-nostdin', '-v', 'error', '-f', 'lavfi', '-i', 'sine=frequency=440:duration=2',
      '-c:a', 'libmp3lame', '-q:a', '4', '-y', mp3Path,
    ]);
    const job = await environment.createJob('done-1', mp3Path);
    await addExtractedAudio(environment, { job, mediaPath: mp3Path });
    const manifest = await dependencies.manifests.get(job);
    await dependencies.storage.putFile({
      key: manifest?.results.audio?.mp3Key ?? '',
      path: mp3Path,
    });

    // Act
    const result = await call(acme, { path: '/videos/done-1' });
    const othersView = await call(globex, { path: '/videos/done-1' });

    // Assess
    expect(result.statusCode).toBe(200);
    const video = json(result);
    expect(video).toMatchObject({
      id: 'done-1',
      status: 'queued',
      input: { bytes: expect.any(Number) },
    });
    expect(Object.keys(video.links)).toEqual(['audio']);
    const downloaded = join(environment.fixturesDir, 'downloaded.mp3');
    await writeFile(downloaded, await download(video.links.audio));
    const { stdout } = await execa('ffprobe', [
      ...[
        '-v',
        'error',
        '-show_entries',
        'stream=codec_name:format=duration',
        '-of',
        'json',
        downloaded,
      ],
    ]);
    const probed = JSON.parse(stdout);
    expect(probed.streams[0].codec_name).toBe('mp3');
    expect(Math.abs(Number(probed.format.duration) - 2)).toBeLessThan(0.1);
    expect(othersView.statusCode).toBe(404);
    expect(json(othersView).code).toBe('NOT_FOUND');
  });

  it('answers 404 for another tenant’s video, an unknown id and a malformed one', async () => {
    // Prepare
    const created = json(
      await call(acme, {
        method: 'POST',
        path: '/videos',
        body: { title: 'Mine', fileSizeBytes: 5 },
      }),
    );

    // Act
    const results = await Promise.all([
      call(globex, { path: `/videos/${created.id}` }),
      call(acme, { path: '/videos/v00000000000000000000' }),
      call(acme, { path: '/videos/..%2Fglobex' }),
    ]);
    const globexList = json(await call(globex, { path: '/videos', query: { limit: '100' } }));

    // Assess
    expect(results.map(({ statusCode }) => statusCode)).toEqual([404, 404, 404]);
    expect(globexList.videos.map(({ id }: { id: string }) => id)).not.toContain(created.id);
  });

  it('takes a process call without a body (curl -X POST) as one without options', async () => {
    // Prepare: a video still awaiting its upload, so the call reaches the status check and stops
    const created = json(
      await call(acme, {
        method: 'POST',
        path: '/videos',
        body: { title: 'Bare', fileSizeBytes: 5 },
      }),
    );

    // Act
    const result = await call(acme, { method: 'POST', path: `/videos/${created.id}/process` });

    // Assess
    expect(result.statusCode, result.body).toBe(409);
    expect(json(result)).toMatchObject({
      code: 'CONFLICT',
      detail: `Video ${created.id} is awaiting_upload`,
    });
  });

  it('answers 401 without a key, with a wrong one and with a revoked one', async () => {
    // Prepare
    const revoked = await createTenantKey(config, 'acme');
    await revoked.revoke();
    const wrong = {
      ...acme,
      secret: `${acme.secret.slice(0, -1)}${acme.secret.endsWith('a') ? 'b' : 'a'}`,
    };

    // Act
    const results = await Promise.all([
      call(undefined, { path: '/videos' }),
      call(wrong, { path: '/videos' }),
      call(revoked, { method: 'POST', path: '/videos', body: { title: 'x', fileSizeBytes: 1 } }),
    ]);

    // Assess
    for (const result of results) {
      expect(result.statusCode).toBe(401);
      expect(json(result).code).toBe('UNAUTHORIZED');
    }
  });

  it('serves its OpenAPI document without a key', async () => {
    // Act
    const result = await call(undefined, { path: '/openapi.json' });

    // Assess
    expect(result.statusCode).toBe(200);
    expect(json(result).paths['/videos']).toBeDefined();
  });
});
