import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { InternalError, TimeoutError } from '@reel/error-taxonomy';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allBackends, type BackendUnderTest } from './backends-under-test';
import { nextJob, until } from './contract-helpers';
import { deterministicStream, readAll, stallingStream } from './test-streams';

// The atomicity half of the storage contract: a reader sees the old object, the new one or none,
// and a failed or aborted write leaves nothing — no object, no temp file, no multipart upload.
describe.each(allBackends)('Contract: $name storage atomicity', ({ name, create }) => {
  let backend: BackendUnderTest;
  let scratchDir: string;

  beforeAll(async () => {
    backend = await create();
    scratchDir = await mkdtemp(join(tmpdir(), `reel-storage-atomic-${name}-`));
  });

  afterAll(async () => {
    await backend?.teardown();
    await rm(scratchDir, { recursive: true, force: true });
  });

  it('leaves nothing behind when a put is aborted mid-stream', async () => {
    // Prepare
    const key = nextJob().key('input', 'upload.mp4');
    // Past one 5 MiB part, so S3 has a multipart upload in progress when the abort lands.
    const source = stallingStream(12 * 1024 * 1024);
    const controller = new AbortController();
    const put = backend.storage.putStream({
      key,
      body: source.stream,
      signal: controller.signal,
    });
    put.catch(() => undefined);
    await source.stalled;
    await until(async () => (await backend.incompleteWrites()).length > 0, 'the write to start');

    // Act
    controller.abort();

    // Assess
    await expect(put).rejects.toBeInstanceOf(TimeoutError);
    expect(source.stream.destroyed).toBe(true);
    expect(await backend.storage.exists({ key })).toBe(false);
    expect(await backend.incompleteWrites()).toEqual([]);
  });

  it('leaves nothing behind when the source stream fails mid-way', async () => {
    // Prepare
    const key = nextJob().key('renders', 'render.mp4');
    const source = stallingStream(12 * 1024 * 1024);
    const put = backend.storage.putStream({ key, body: source.stream });
    put.catch(() => undefined);
    await source.stalled;
    await until(async () => (await backend.incompleteWrites()).length > 0, 'the write to start');

    // Act
    source.fail(new Error('ffmpeg exited with code 1'));

    // Assess
    const failure = await put.then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(InternalError);
    expect((failure as InternalError).message).toContain('ffmpeg exited with code 1');
    expect(await backend.storage.exists({ key })).toBe(false);
    expect(await backend.incompleteWrites()).toEqual([]);
  });

  it('refuses a put whose signal is already aborted, without reading the body', async () => {
    // Prepare
    const key = nextJob().key('audio', 'audio.wav');
    const body = Readable.from([Buffer.from('wav')]);

    // Act
    const put = backend.storage.putStream({ key, body, signal: AbortSignal.abort() });

    // Assess
    await expect(put).rejects.toBeInstanceOf(TimeoutError);
    expect(body.destroyed).toBe(true);
    expect(await backend.storage.exists({ key })).toBe(false);
  });

  it('serves the old object in full while a new version is still being written', async () => {
    // Prepare
    const key = nextJob().key('renders', 'final.mp4');
    await backend.storage.putStream({ key, body: Readable.from([Buffer.from('version one')]) });
    const next = stallingStream(6 * 1024 * 1024, Buffer.from('version two'));
    const put = backend.storage.putStream({ key, body: next.stream });
    await next.stalled;

    // Act
    const duringWrite = await readAll(await backend.storage.getStream({ key }));
    next.finish();
    const written = await put;

    // Assess
    expect(duringWrite.toString()).toBe('version one');
    expect(written.bytes).toBe(6 * 1024 * 1024 + 11);
    expect(await backend.incompleteWrites()).toEqual([]);
  });

  it('stops a download when its signal is aborted and leaves no partial file', async () => {
    // Prepare
    const job = nextJob();
    const key = job.key('input', 'large.mov');
    await backend.storage.putStream({
      key,
      body: deterministicStream({ bytes: 8 * 1024 * 1024 }).stream,
    });
    const controller = new AbortController();
    const target = join(scratchDir, `aborted-${job.jobId}.mov`);
    const stream = await backend.storage.getStream({ key, signal: controller.signal });

    // Act
    controller.abort();
    const readFailure = await readAll(stream).then(
      () => undefined,
      (error: unknown) => error,
    );
    const download = backend.storage.getToFile({
      key,
      path: target,
      signal: AbortSignal.abort(),
    });

    // Assess
    expect(readFailure).toMatchObject({ name: 'AbortError' });
    await expect(download).rejects.toBeInstanceOf(TimeoutError);
    expect(
      (await readdir(scratchDir)).filter((entry) => entry.includes(`aborted-${job.jobId}`)),
    ).toEqual([]);
  });
});
