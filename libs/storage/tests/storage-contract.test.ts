import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { InputMissingError, InvalidRequestError } from '@reel/error-taxonomy';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildClipKey, buildManifestKey } from '../src';
import { allBackends, type BackendUnderTest } from './backends-under-test';
import { env, nextJob, tenantId } from './contract-helpers';
import { deterministicStream, readAll, sha256Of } from './test-streams';

describe.each(allBackends)('Contract: $name storage', ({ name, create }) => {
  let backend: BackendUnderTest;
  let scratchDir: string;

  beforeAll(async () => {
    backend = await create();
    scratchDir = await mkdtemp(join(tmpdir(), `reel-storage-scratch-${name}-`));
  });

  afterAll(async () => {
    await backend?.teardown();
    await rm(scratchDir, { recursive: true, force: true });
  });

  describe('put and get', () => {
    it('streams an object in and back out byte for byte', async () => {
      // Prepare
      const key = nextJob().key('audio', 'audio.mp3');
      const source = deterministicStream({ bytes: 3 * 1024 * 1024 + 17 });

      // Act
      const stored = await backend.storage.putStream({ key, body: source.stream });
      const readBack = await sha256Of(await backend.storage.getStream({ key }));

      // Assess
      expect(stored).toMatchObject({ key, bytes: 3 * 1024 * 1024 + 17, contentType: 'audio/mpeg' });
      expect(readBack).toEqual({ sha256: source.sha256(), bytes: 3 * 1024 * 1024 + 17 });
    });

    it('stores an empty object', async () => {
      // Prepare
      const key = nextJob().key('logs', 'empty.log');

      // Act
      const stored = await backend.storage.putStream({ key, body: Readable.from([]) });

      // Assess
      expect(stored.bytes).toBe(0);
      expect(await readAll(await backend.storage.getStream({ key }))).toHaveLength(0);
    });

    it('uploads a file and downloads it to a new folder without leaving temp files', async () => {
      // Prepare
      const job = nextJob();
      const key = job.key('renders', 'final.mp4');
      const sourcePath = join(scratchDir, `source-${job.jobId}.mp4`);
      await writeFile(sourcePath, Buffer.from('not really an mp4, but bytes all the same'));
      const targetDir = join(scratchDir, `download-${job.jobId}`, 'nested');

      // Act
      const uploaded = await backend.storage.putFile({ key, path: sourcePath });
      const downloaded = await backend.storage.getToFile({
        key,
        path: join(targetDir, 'final.mp4'),
      });

      // Assess
      expect(uploaded).toMatchObject({ key, bytes: 41, contentType: 'video/mp4' });
      expect(downloaded).toMatchObject({ key, bytes: 41, contentType: 'video/mp4' });
      expect(await readFile(join(targetDir, 'final.mp4'), 'utf8')).toBe(
        'not really an mp4, but bytes all the same',
      );
      expect(await readdir(targetDir)).toEqual(['final.mp4']);
    });

    it('overwrites an object and changes its etag', async () => {
      // Prepare
      const key = nextJob().key('plan', 'cuts.json');
      const first = await backend.storage.putStream({ key, body: Readable.from(['{"v":1}']) });

      // Act
      const second = await backend.storage.putStream({
        key,
        body: Readable.from(['{"v":2,"x":true}']),
      });

      // Assess
      expect(second.etag).not.toBe(first.etag);
      expect((await readAll(await backend.storage.getStream({ key }))).toString()).toBe(
        '{"v":2,"x":true}',
      );
    });

    it('keeps clips and manifests under their documented keys', async () => {
      // Prepare
      const clipKey = buildClipKey({
        env,
        tenantId,
        episodeId: 'ep-9',
        startMs: 1500,
        endMs: 31500,
      });
      const manifestKey = buildManifestKey({ env, tenantId, jobId: nextJob().jobId });

      // Act
      await backend.storage.putStream({ key: clipKey, body: Readable.from([Buffer.from('mp3')]) });
      await backend.storage.putStream({ key: manifestKey, body: Readable.from(['{}']) });

      // Assess
      expect(await backend.storage.head({ key: clipKey })).toMatchObject({
        contentType: 'audio/mpeg',
      });
      expect(await backend.storage.head({ key: manifestKey })).toMatchObject({
        contentType: 'application/json',
      });
      expect(await backend.snapshot()).toEqual(
        expect.arrayContaining([expect.stringMatching(/audio_clips.ep-9.1500-31500\.mp3$/)]),
      );
    });
  });

  describe('head, exists and missing objects', () => {
    it('describes an object: size, type, etag, modification time', async () => {
      // Prepare
      const key = nextJob().key('transcripts', 'words.vtt');
      const before = Date.now();
      await backend.storage.putStream({ key, body: Readable.from(['WEBVTT\n']) });

      // Act
      const described = await backend.storage.head({ key });

      // Assess
      expect(described).toMatchObject({ key, bytes: 7, contentType: 'text/vtt' });
      expect(described.etag).toMatch(/^[0-9a-f-]+$/);
      expect(described.lastModified?.getTime()).toBeGreaterThan(before - 2000);
    });

    it('reports a missing object as InputMissingError from head, getStream and getToFile', async () => {
      // Prepare
      const job = nextJob();
      const key = job.key('input', 'never-uploaded.mp4');
      const target = join(scratchDir, `missing-${job.jobId}.mp4`);

      // Act
      const failures = await Promise.allSettled([
        backend.storage.head({ key }),
        backend.storage.getStream({ key }),
        backend.storage.getToFile({ key, path: target }),
      ]);

      // Assess
      for (const failure of failures) {
        expect(failure.status).toBe('rejected');
        const reason = (failure as PromiseRejectedResult).reason as InputMissingError;
        expect(reason).toBeInstanceOf(InputMissingError);
        expect(reason.message).toContain(key);
      }
      expect(
        (await readdir(scratchDir)).filter((entry) => entry.includes(`missing-${job.jobId}`)),
      ).toEqual([]);
    });

    it('tells whether an object exists', async () => {
      // Prepare
      const job = nextJob();
      await backend.storage.putStream({
        key: job.key('input', 'a.mp4'),
        body: Readable.from(['a']),
      });

      // Act
      const present = await backend.storage.exists({ key: job.key('input', 'a.mp4') });
      const absent = await backend.storage.exists({ key: job.key('input', 'b.mp4') });

      // Assess
      expect([present, absent]).toEqual([true, false]);
    });

    it('names the missing source file when putFile cannot read it', async () => {
      // Prepare
      const key = nextJob().key('input', 'upload.mp4');
      const path = join(scratchDir, 'no-such-file.mp4');

      // Act
      const failure = backend.storage.putFile({ key, path });

      // Assess
      await expect(failure).rejects.toBeInstanceOf(InputMissingError);
      await expect(failure).rejects.toThrow(path);
      expect(await backend.storage.exists({ key })).toBe(false);
    });
  });

  describe('content type', () => {
    it('stores the content type given, whatever the extension', async () => {
      // Prepare
      const key = nextJob().key('renditions/cmaf', 'master.m3u8');

      // Act
      const stored = await backend.storage.putStream({
        key,
        body: Readable.from(['#EXTM3U\n']),
        contentType: 'audio/mpegurl',
      });

      // Assess
      expect(stored.contentType).toBe('audio/mpegurl');
      expect((await backend.storage.head({ key })).contentType).toBe('audio/mpegurl');
    });

    it('infers the content type from the extension when none is given, also on overwrite', async () => {
      // Prepare
      const key = nextJob().key('renditions/cmaf', 'manifest.mpd');
      await backend.storage.putStream({
        key,
        body: Readable.from(['<MPD/>']),
        contentType: 'text/xml',
      });

      // Act
      const overwritten = await backend.storage.putStream({ key, body: Readable.from(['<MPD/>']) });

      // Assess
      expect(overwritten.contentType).toBe('application/dash+xml');
    });

    it('rejects a content type that could break a header, writing nothing', async () => {
      // Prepare
      const key = nextJob().key('thumbnails', 'poster.jpg');

      // Act
      const failure = backend.storage.putStream({
        key,
        body: Readable.from(['jpg']),
        contentType: 'image/jpeg\r\nX-Injected: 1',
      });

      // Assess
      await expect(failure).rejects.toBeInstanceOf(InvalidRequestError);
      expect(await backend.storage.exists({ key })).toBe(false);
    });
  });

  describe('list', () => {
    it('lists every object under a prefix, across pages, in key order', async () => {
      // Prepare
      const job = nextJob();
      const other = nextJob();
      const names = ['seg-3.m4s', 'seg-1.m4s', '720p/seg-2.m4s', 'master.m3u8', 'seg-10.m4s'];
      for (const fileName of names) {
        await backend.storage.putStream({
          key: job.key('renditions/cmaf', fileName),
          body: Readable.from([fileName]),
        });
      }
      await backend.storage.putStream({
        key: other.key('renditions/cmaf', 'seg-1.m4s'),
        body: Readable.from(['x']),
      });

      // Act
      const listed = await backend.storage.list({ prefix: `${job.root}/` });

      // Assess
      expect(listed.map(({ key }) => key)).toEqual(
        ['720p/seg-2.m4s', 'master.m3u8', 'seg-1.m4s', 'seg-10.m4s', 'seg-3.m4s'].map((fileName) =>
          job.key('renditions/cmaf', fileName),
        ),
      );
      expect(listed.map(({ bytes }) => bytes)).toEqual([14, 11, 9, 10, 9]);
      expect(
        listed.every(
          ({ etag, lastModified }) => etag !== undefined && lastModified instanceof Date,
        ),
      ).toBe(true);
    });

    it('matches a prefix that ends inside a segment, as S3 does', async () => {
      // Prepare
      const job = nextJob();
      await backend.storage.putStream({
        key: job.key('audio', 'audio.mp3'),
        body: Readable.from(['a']),
      });
      await backend.storage.putStream({
        key: job.key('audio', 'asr.wav'),
        body: Readable.from(['b']),
      });
      await backend.storage.putStream({
        key: job.key('plan', 'cuts.json'),
        body: Readable.from(['c']),
      });

      // Act
      const listed = await backend.storage.list({ prefix: `${job.root}/audio/au` });

      // Assess
      expect(listed.map(({ key }) => key)).toEqual([job.key('audio', 'audio.mp3')]);
    });

    it('returns nothing for a prefix with no objects', async () => {
      // Act
      const listed = await backend.storage.list({ prefix: `${nextJob().root}/` });

      // Assess
      expect(listed).toEqual([]);
    });

    it('rejects a prefix that climbs out of its folder', async () => {
      // Act
      const failure = backend.storage.list({ prefix: 'dev/acme/../other/' });

      // Assess
      await expect(failure).rejects.toBeInstanceOf(InvalidRequestError);
    });
  });

  describe('delete', () => {
    it('deletes an object, and deleting it again succeeds', async () => {
      // Prepare
      const key = nextJob().key('thumbnails', 'poster.jpg');
      await backend.storage.putStream({ key, body: Readable.from(['jpg']) });

      // Act
      await backend.storage.delete({ key });
      await backend.storage.delete({ key });

      // Assess
      expect(await backend.storage.exists({ key })).toBe(false);
      expect(await backend.storage.list({ prefix: key })).toEqual([]);
    });

    it('succeeds for a key that never existed', async () => {
      // Act
      const deletion = backend.storage.delete({ key: nextJob().key('logs', 'ffmpeg.log') });

      // Assess
      await expect(deletion).resolves.toBeUndefined();
    });
  });

  describe('getUrl', () => {
    it('gives a URL that serves the object’s bytes', async () => {
      // Prepare
      const key = nextJob().key('audio', 'clip.mp3');
      const source = deterministicStream({ bytes: 64 * 1024, seed: 7 });
      await backend.storage.putStream({ key, body: source.stream });

      // Act
      const url = await backend.storage.getUrl({ key });
      const fetched = await backend.fetchUrl(url);

      // Assess
      expect(await sha256Of(Readable.from([fetched.body]))).toEqual({
        sha256: source.sha256(),
        bytes: 64 * 1024,
      });
      expect(fetched.contentType).toBe('audio/mpeg');
      expect(expirySecOf(url)).toBeGreaterThan(86_390);
      expect(expirySecOf(url)).toBeLessThanOrEqual(86_400);
    });

    it('honours a custom expiry and refuses one beyond seven days', async () => {
      // Prepare
      const key = nextJob().key('audio', 'clip.mp3');

      // Act
      const url = await backend.storage.getUrl({ key, expiresInSec: 300 });
      const tooLong = backend.storage.getUrl({ key, expiresInSec: 8 * 24 * 3600 });

      // Assess
      expect(expirySecOf(url)).toBeGreaterThan(290);
      expect(expirySecOf(url)).toBeLessThanOrEqual(300);
      await expect(tooLong).rejects.toBeInstanceOf(InvalidRequestError);
      await expect(backend.storage.getUrl({ key, expiresInSec: 0 })).rejects.toBeInstanceOf(
        InvalidRequestError,
      );
    });
  });

  describe('getUploadUrl', () => {
    it('gives a PUT URL that stores exactly the declared bytes, signed over Content-Length', async () => {
      // Prepare
      const key = nextJob().key('input', 'upload.mp4');
      const upload = Buffer.alloc(200 * 1024 + 11, 'reel');

      // Act
      const { url, method, headers, expiresAt } = await backend.storage.getUploadUrl({
        key,
        contentLength: upload.length,
      });
      const response = await fetch(url, { method, headers, body: upload });
      const stored = await readAll(await backend.storage.getStream({ key }));

      // Assess
      expect(response.status).toBe(200);
      expect(stored.equals(upload)).toBe(true);
      expect(headers).toEqual({ 'content-length': String(upload.length) });
      expect(expiresAt.getTime() - Date.now()).toBeGreaterThan(3_590_000);
      const query = new URL(url).searchParams;
      if (name === 'aws') {
        expect(query.get('X-Amz-SignedHeaders')).toBe('content-length;host');
        expect([...query.keys()].filter((param) => /checksum/i.test(param))).toEqual([]);
      } else {
        expect(query.get('contentLength')).toBe(String(upload.length));
      }
    });

    it('refuses a size over 5 GiB and a bad expiry before signing anything', async () => {
      // Prepare
      const key = nextJob().key('input', 'upload.mp4');

      // Act
      const tooBig = backend.storage.getUploadUrl({ key, contentLength: 5 * 1024 ** 3 + 1 });
      const negative = backend.storage.getUploadUrl({ key, contentLength: -1 });
      const tooLong = backend.storage.getUploadUrl({
        key,
        contentLength: 1,
        expiresInSec: 8 * 24 * 3600,
      });

      // Assess
      await expect(tooBig).rejects.toBeInstanceOf(InvalidRequestError);
      await expect(negative).rejects.toBeInstanceOf(InvalidRequestError);
      await expect(tooLong).rejects.toBeInstanceOf(InvalidRequestError);
    });
  });
});

/** Seconds from now until a presigned (S3) or signed (local) URL stops working. */
function expirySecOf(url: string): number {
  const query = new URL(url).searchParams;
  const amzExpires = query.get('X-Amz-Expires');
  if (amzExpires !== null) return Number(amzExpires);
  return Number(query.get('expires')) - Date.now() / 1000;
}
