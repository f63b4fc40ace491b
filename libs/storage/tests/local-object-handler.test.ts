import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStorage, signLocalUrl, type MediaStorage } from '../src';
import { nextJob, until } from './contract-helpers';
import {
  rawRequest,
  requestTarget,
  startLocalObjectServer,
  type LocalObjectServer,
} from './local-object-server';
import { readAll } from './test-streams';

const secret = 'handler-test-secret-0123456789abcdefghij';

describe('Function: createLocalObjectHandler (over a real socket)', () => {
  let workDir: string;
  let rootDir: string;
  let server: LocalObjectServer;
  let storage: MediaStorage;
  let videoKey: string;
  let otherKey: string;
  const video = randomBytes(256 * 1024 + 7);
  const outsideSecret = 'THE-FILE-OUTSIDE-THE-ROOT';

  async function files(): Promise<string[]> {
    const entries = await readdir(rootDir, { recursive: true, withFileTypes: true });
    return entries
      .filter((entry) => entry.isFile())
      .map((entry) => relative(rootDir, join(entry.parentPath, entry.name)))
      .sort();
  }

  async function put(url: string, body: Buffer, headers: Record<string, string | number> = {}) {
    return rawRequest({
      port: server.port,
      method: 'PUT',
      path: requestTarget(url),
      headers: { 'Content-Length': body.length, ...headers },
      body,
    });
  }

  beforeAll(async () => {
    workDir = await mkdtemp(join(tmpdir(), 'reel-object-handler-'));
    rootDir = join(workDir, 'storage');
    await writeFile(join(workDir, 'secret.txt'), outsideSecret);
    server = await startLocalObjectServer({ rootDir, secret, basePath: '/media' });
    storage = createStorage({
      backend: 'local',
      rootDir,
      publicBaseUrl: server.baseUrl,
      urlSigningSecret: secret,
    });
    videoKey = nextJob().key('renders', 'final.mp4');
    otherKey = nextJob().key('renders', 'final.mp4');
    await storage.putStream({ key: videoKey, body: Readable.from([video]) });
    await storage.putStream({ key: otherKey, body: Readable.from([Buffer.from('other')]) });
  });

  afterAll(async () => {
    await server?.close();
    await rm(workDir, { recursive: true, force: true });
  });

  describe('GET and HEAD', () => {
    it('serves the whole object with its type, validators and CORS headers', async () => {
      // Prepare
      const url = await storage.getUrl({ key: videoKey });

      // Act
      const response = await fetch(url);
      const body = Buffer.from(await response.arrayBuffer());

      // Assess
      expect(response.status).toBe(200);
      expect(body.equals(video)).toBe(true);
      expect(response.headers.get('content-type')).toBe('video/mp4');
      expect(response.headers.get('content-length')).toBe(String(video.length));
      expect(response.headers.get('accept-ranges')).toBe('bytes');
      expect(response.headers.get('etag')).toMatch(/^"[0-9a-f]+-[0-9a-f]+"$/);
      expect(Date.parse(response.headers.get('last-modified') ?? '')).not.toBeNaN();
      expect(response.headers.get('access-control-allow-origin')).toBe('*');
      expect(response.headers.get('access-control-expose-headers')).toContain('Content-Range');
    });

    it.each([
      ['a closed range', 'bytes=1000-1999', 1000, 1999],
      ['an open-ended range', `bytes=${256 * 1024}-`, 256 * 1024, 256 * 1024 + 6],
      ['a suffix range', 'bytes=-500', 256 * 1024 + 7 - 500, 256 * 1024 + 6],
      ['a range past the end', 'bytes=262100-999999', 262100, 256 * 1024 + 6],
    ])('answers %s with 206 and exactly those bytes', async (_label, range, start, end) => {
      // Prepare
      const url = await storage.getUrl({ key: videoKey });

      // Act
      const response = await fetch(url, { headers: { Range: range } });
      const body = Buffer.from(await response.arrayBuffer());

      // Assess
      expect(response.status).toBe(206);
      expect(response.headers.get('content-range')).toBe(`bytes ${start}-${end}/${video.length}`);
      expect(response.headers.get('content-length')).toBe(String(end - start + 1));
      expect(body.equals(video.subarray(start, end + 1))).toBe(true);
    });

    it('answers a range that starts past the end with 416 and the size', async () => {
      // Prepare
      const url = await storage.getUrl({ key: videoKey });

      // Act
      const response = await fetch(url, { headers: { Range: `bytes=${video.length}-` } });

      // Assess
      expect(response.status).toBe(416);
      expect(response.headers.get('content-range')).toBe(`bytes */${video.length}`);
      expect(await response.arrayBuffer()).toHaveProperty('byteLength', 0);
    });

    it('sends the whole object when If-Range names an older version', async () => {
      // Prepare
      const url = await storage.getUrl({ key: videoKey });

      // Act
      const response = await fetch(url, {
        headers: { Range: 'bytes=0-9', 'If-Range': '"an-older-etag"' },
      });

      // Assess
      expect(response.status).toBe(200);
      expect((await response.arrayBuffer()).byteLength).toBe(video.length);
    });

    it('answers HEAD with the headers of GET and no body', async () => {
      // Prepare
      const url = await storage.getUrl({ key: videoKey });

      // Act
      const response = await rawRequest({
        port: server.port,
        method: 'HEAD',
        path: requestTarget(url),
      });

      // Assess
      expect(response.status).toBe(200);
      expect(response.headers['content-length']).toBe(String(video.length));
      expect(response.headers['content-type']).toBe('video/mp4');
      expect(response.body).toHaveLength(0);
    });

    it('answers 304 when If-None-Match names the current ETag', async () => {
      // Prepare
      const url = await storage.getUrl({ key: videoKey });
      const etag = (await fetch(url, { method: 'HEAD' })).headers.get('etag') ?? '';

      // Act
      const response = await fetch(url, { headers: { 'If-None-Match': etag } });

      // Assess
      expect(response.status).toBe(304);
    });

    it('answers 404 for a signed URL of an object that does not exist', async () => {
      // Prepare
      const url = await storage.getUrl({ key: nextJob().key('renders', 'missing.mp4') });

      // Act
      const response = await fetch(url);

      // Assess
      expect(response.status).toBe(404);
      expect(response.headers.get('content-type')).toBe('application/problem+json');
      expect(await response.json()).toMatchObject({ status: 404, code: 'INPUT_MISSING' });
    });
  });

  describe('signatures', () => {
    it('refuses an expired URL with 403 and says it expired', async () => {
      // Prepare
      const url = signLocalUrl({
        baseUrl: server.baseUrl,
        key: videoKey,
        method: 'GET',
        expiresAtMs: Date.now() - 1000,
        secret,
      });

      // Act
      const response = await fetch(url);
      const problem = (await response.json()) as { code: string; detail: string };

      // Assess
      expect(response.status).toBe(403);
      expect(problem.code).toBe('PERMISSION_DENIED');
      expect(problem.detail).toContain('expired');
    });

    it.each([
      [
        'signature',
        (url: string) =>
          url.replace(/signature=(.)/, (_, c: string) => `signature=${c === 'A' ? 'B' : 'A'}`),
      ],
      ['key', (url: string) => url.replace(/job-(\d+)/, (_, n: string) => `job-${Number(n) + 1}`)],
      [
        'expiry',
        (url: string) => url.replace(/expires=(\d+)/, (_, s: string) => `expires=${Number(s) + 1}`),
      ],
    ])('refuses a URL with one changed character in its %s with 403', async (_label, tamper) => {
      // Prepare
      const url = await storage.getUrl({ key: videoKey });
      const tampered = tamper(url);

      // Act
      const response = await fetch(tampered);
      const body = Buffer.from(await response.arrayBuffer());

      // Assess
      expect(tampered).not.toBe(url);
      expect(response.status).toBe(403);
      expect(body.toString()).not.toContain('other');
      expect(body.includes(video.subarray(0, 64))).toBe(false);
    });

    it('refuses an unsigned URL and one signed with another secret', async () => {
      // Prepare
      const foreign = signLocalUrl({
        baseUrl: server.baseUrl,
        key: videoKey,
        method: 'GET',
        expiresAtMs: Date.now() + 60_000,
        secret: 'another-secret-0123456789abcdefghijklm',
      });

      // Act
      const unsigned = await fetch(`${server.baseUrl}/${videoKey}`);
      const wrongSecret = await fetch(foreign);

      // Assess
      expect(unsigned.status).toBe(403);
      expect(wrongSecret.status).toBe(403);
    });
  });

  describe('PUT', () => {
    it('stores an upload of the signed size byte for byte, typed by its extension', async () => {
      // Prepare
      const key = nextJob().key('input', 'upload.mp4');
      const upload = randomBytes(300 * 1024 + 3);
      const { url, headers } = await storage.getUploadUrl({ key, contentLength: upload.length });

      // Act
      const response = await fetch(url, {
        method: 'PUT',
        body: upload,
        headers: { ...headers, 'Content-Type': 'text/html' },
      });

      // Assess
      expect(response.status).toBe(200);
      expect(response.headers.get('etag')).toMatch(/^"/);
      expect((await readAll(await storage.getStream({ key }))).equals(upload)).toBe(true);
      expect(await storage.head({ key })).toMatchObject({
        bytes: upload.length,
        contentType: 'video/mp4',
      });
    });

    it('refuses with 413 an upload declaring more than its signed size, storing nothing', async () => {
      // Prepare
      const key = nextJob().key('input', 'too-big.mp4');
      const { url } = await storage.getUploadUrl({ key, contentLength: 1024 });
      const before = await files();

      // Act
      const response = await put(url, randomBytes(1025));

      // Assess
      expect(response.status).toBe(413);
      expect(JSON.parse(response.body.toString())).toMatchObject({ code: 'PAYLOAD_TOO_LARGE' });
      expect(response.headers.connection).toBe('close');
      expect(await storage.exists({ key })).toBe(false);
      expect(await files()).toEqual(before);
    });

    it('answers 413 before reading a body far over its signed size', async () => {
      // Prepare
      const key = nextJob().key('input', 'huge.mp4');
      const { url } = await storage.getUploadUrl({ key, contentLength: 1024 });
      const request = httpRequest({
        host: '127.0.0.1',
        port: server.port,
        method: 'PUT',
        path: requestTarget(url),
        headers: { 'Content-Length': 1024 ** 3 },
        agent: false,
      });
      request.on('error', () => undefined); // the server closes the connection mid-body

      // Act
      const responding = once(request, 'response') as Promise<[IncomingMessage]>;
      request.write(randomBytes(64 * 1024));
      const [response] = await responding;
      response.resume();
      request.destroy();

      // Assess
      expect(response.statusCode).toBe(413);
      expect(await storage.exists({ key })).toBe(false);
      expect((await files()).filter((path) => path.endsWith('.tmp'))).toEqual([]);
    });

    it('refuses an oversized upload that expects 100-continue before the client sends its body', async () => {
      // Prepare
      const key = nextJob().key('input', 'expecting.mp4');
      const { url } = await storage.getUploadUrl({ key, contentLength: 1024 });
      const socket = connect(server.port, '127.0.0.1');
      await once(socket, 'connect');
      socket.setEncoding('latin1');

      // Act
      socket.write(
        `PUT ${requestTarget(url)} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: ${1024 ** 3}\r\nExpect: 100-continue\r\n\r\n`,
      );
      const [firstData] = (await once(socket, 'data')) as [string];
      socket.destroy();

      // Assess
      expect(firstData.split('\r\n')[0]).toBe('HTTP/1.1 413 Payload Too Large');
      expect(await storage.exists({ key })).toBe(false);
    });

    it('sends 100 Continue to an upload of the signed size, then stores it', async () => {
      // Prepare
      const key = nextJob().key('input', 'continued.mp4');
      const upload = randomBytes(2048);
      const { url } = await storage.getUploadUrl({ key, contentLength: upload.length });
      const request = httpRequest({
        host: '127.0.0.1',
        port: server.port,
        method: 'PUT',
        path: requestTarget(url),
        headers: { 'Content-Length': upload.length, Expect: '100-continue' },
        agent: false,
      });
      const responding = once(request, 'response') as Promise<[IncomingMessage]>;

      // Act
      request.flushHeaders();
      await once(request, 'continue');
      request.end(upload);
      const [response] = await responding;
      response.resume();

      // Assess
      expect(response.statusCode).toBe(200);
      expect((await readAll(await storage.getStream({ key }))).equals(upload)).toBe(true);
    });

    it('refuses a chunked upload (no Content-Length) with 411 and a shorter one with 403', async () => {
      // Prepare
      const key = nextJob().key('input', 'chunked.mp4');
      const { url } = await storage.getUploadUrl({ key, contentLength: 10 });

      // Act
      const chunked = await rawRequest({
        port: server.port,
        method: 'PUT',
        path: requestTarget(url),
        headers: { 'Transfer-Encoding': 'chunked' },
        body: Buffer.from('0123456789'),
      });
      const shorter = await put(url, Buffer.from('012345678'));

      // Assess
      expect(chunked.status).toBe(411);
      expect(shorter.status).toBe(403);
      expect(await storage.exists({ key })).toBe(false);
    });

    it('refuses to PUT through a GET URL with 403', async () => {
      // Prepare
      const url = await storage.getUrl({ key: otherKey });

      // Act
      const response = await put(url, Buffer.from('overwritten'));

      // Assess
      expect(response.status).toBe(403);
      expect((await readAll(await storage.getStream({ key: otherKey }))).toString()).toBe('other');
    });

    it('leaves neither object nor temp file when the client goes away mid-upload', async () => {
      // Prepare
      const key = nextJob().key('input', 'cut-short.mp4');
      const { url } = await storage.getUploadUrl({ key, contentLength: 1024 * 1024 });
      const socket = connect(server.port, '127.0.0.1');
      await once(socket, 'connect');

      // Act
      socket.write(
        `PUT ${requestTarget(url)} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: ${1024 * 1024}\r\n\r\n`,
      );
      socket.write(randomBytes(200 * 1024));
      await until(async () => (await files()).some((path) => path.endsWith('.tmp')), 'a temp file');
      socket.destroy();

      // Assess
      await until(
        async () => !(await files()).some((path) => path.endsWith('.tmp')),
        'the temp file to go',
      );
      expect(await storage.exists({ key })).toBe(false);
    });
  });

  describe('paths', () => {
    it.each([
      '/media/dev/acme/job-1/renders/%2e%2e/%2e%2e/%2e%2e/%2e%2e/%2e%2e/secret.txt',
      '/media/%2e%2e/secret.txt',
      '/media/dev%2facme%2fjob-1%2frenders%2ffinal.mp4',
      '/media/..%2F..%2Fsecret.txt',
      '/media/../secret.txt',
      '/media/dev/acme/job-1/renders/../../../../../secret.txt',
      '/media//etc/passwd',
      '/media/dev/acme/job-1/renders/final.mp4%00.txt',
    ])('never serves %s, or anything outside the root', async (path) => {
      // Prepare
      const signedQuery = new URL(await storage.getUrl({ key: videoKey })).search;

      // Act
      const response = await rawRequest({ port: server.port, path: `${path}${signedQuery}` });

      // Assess
      expect([400, 403, 404]).toContain(response.status);
      expect(response.body.toString()).not.toContain(outsideSecret);
      expect(response.body.includes(video.subarray(0, 64))).toBe(false);
    });

    it('answers 404 outside its base path and 405 for methods it does not serve', async () => {
      // Prepare
      const target = requestTarget(await storage.getUrl({ key: videoKey }));

      // Act
      const outside = await rawRequest({
        port: server.port,
        path: target.replace('/media/', '/files/'),
      });
      const deletion = await rawRequest({ port: server.port, method: 'DELETE', path: target });

      // Assess
      expect(outside.status).toBe(404);
      expect(deletion.status).toBe(405);
      expect(deletion.headers.allow).toBe('GET, HEAD, PUT, OPTIONS');
      expect(await storage.exists({ key: videoKey })).toBe(true);
    });

    it('answers a CORS preflight without a signature', async () => {
      // Act
      const response = await rawRequest({
        port: server.port,
        method: 'OPTIONS',
        path: `/media/${videoKey}`,
        headers: { Origin: 'http://player.test', 'Access-Control-Request-Method': 'GET' },
      });

      // Assess
      expect(response.status).toBe(204);
      expect(response.headers['access-control-allow-methods']).toBe('GET, HEAD, PUT, OPTIONS');
      expect(response.headers['access-control-allow-headers']).toContain('Range');
      expect(response.headers['access-control-allow-origin']).toBe('*');
    });

    it('reported no server failure while answering all of the above', () => {
      // Assess
      expect(server.reportedErrors).toEqual([]);
    });
  });
});
