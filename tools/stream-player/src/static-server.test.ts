import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStaticServer, type StaticServer } from './static-server';

/** A raw GET whose path is sent exactly as written (fetch would normalise `..` away). */
function rawGet(server: StaticServer, path: string, headers: Record<string, string> = {}) {
  return new Promise<{ status: number; headers: Record<string, unknown>; body: Buffer }>(
    (resolve, reject) => {
      const outgoing = request(
        { host: '127.0.0.1', port: server.port, path, headers },
        (incoming) => {
          const chunks: Buffer[] = [];
          incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
          incoming.on('end', () =>
            resolve({
              status: incoming.statusCode ?? 0,
              headers: incoming.headers,
              body: Buffer.concat(chunks),
            }),
          );
        },
      );
      outgoing.on('error', reject);
      outgoing.end();
    },
  );
}

describe('Function: startStaticServer', () => {
  const segmentBytes = Buffer.from(Array.from({ length: 1000 }, (_, index) => index % 251));
  let workDir: string;
  let server: StaticServer;

  beforeAll(async () => {
    workDir = await mkdtemp(join(tmpdir(), 'stream-player-server-'));
    const rootDir = join(workDir, 'root');
    await mkdir(join(rootDir, '720p'), { recursive: true });
    await writeFile(join(rootDir, '720p', 'seg-00001.m4s'), segmentBytes);
    await writeFile(join(rootDir, 'master.m3u8'), '#EXTM3U\n');
    await writeFile(join(rootDir, 'manifest.mpd'), '<MPD/>');
    await writeFile(join(rootDir, 'en.vtt'), 'WEBVTT\n');
    await writeFile(join(workDir, 'secret.txt'), 'outside the root');
    await symlink(join(workDir, 'secret.txt'), join(rootDir, 'link.txt'));
    server = await startStaticServer(rootDir);
  });
  afterAll(async () => {
    await server.close();
    await rm(workDir, { recursive: true, force: true });
  });

  it('serves a file whole with its content type, CORS and Accept-Ranges', async () => {
    // Act
    const response = await fetch(`${server.origin}/720p/seg-00001.m4s`);

    // Assess
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('video/iso.segment');
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    expect(response.headers.get('accept-ranges')).toBe('bytes');
    expect(Buffer.from(await response.arrayBuffer())).toEqual(segmentBytes);
    expect(server.servedPaths).toContain('/720p/seg-00001.m4s');
  });

  it.each([
    ['master.m3u8', 'application/vnd.apple.mpegurl'],
    ['manifest.mpd', 'application/dash+xml'],
    ['en.vtt', 'text/vtt; charset=utf-8'],
  ])('serves %s as %s', async (path, contentType) => {
    // Act
    const response = await fetch(`${server.origin}/${path}`);

    // Assess
    expect(response.headers.get('content-type')).toBe(contentType);
  });

  it.each([
    ['bytes=100-199', 100, 199],
    ['bytes=900-', 900, 999],
    ['bytes=-10', 990, 999],
    ['bytes=990-5000', 990, 999],
  ])('answers Range %s with 206 and exactly those bytes', async (range, start, end) => {
    // Act
    const response = await fetch(`${server.origin}/720p/seg-00001.m4s`, {
      headers: { Range: range },
    });

    // Assess
    expect(response.status).toBe(206);
    expect(response.headers.get('content-range')).toBe(`bytes ${start}-${end}/1000`);
    expect(Buffer.from(await response.arrayBuffer())).toEqual(
      segmentBytes.subarray(start, end + 1),
    );
  });

  it('answers a range past the end with 416 and the size', async () => {
    // Act
    const response = await fetch(`${server.origin}/720p/seg-00001.m4s`, {
      headers: { Range: 'bytes=1000-' },
    });

    // Assess
    expect(response.status).toBe(416);
    expect(response.headers.get('content-range')).toBe('bytes */1000');
  });

  it('answers HEAD with the length and no body', async () => {
    // Act
    const response = await fetch(`${server.origin}/720p/seg-00001.m4s`, { method: 'HEAD' });

    // Assess
    expect(response.status).toBe(200);
    expect(response.headers.get('content-length')).toBe('1000');
    expect((await response.arrayBuffer()).byteLength).toBe(0);
  });

  it('answers a CORS preflight for a Range request', async () => {
    // Act
    const response = await fetch(`${server.origin}/720p/seg-00001.m4s`, {
      method: 'OPTIONS',
      headers: { Origin: 'http://127.0.0.1:1', 'Access-Control-Request-Headers': 'range' },
    });

    // Assess
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-headers')).toBe('Range');
  });

  it.each([['/720p/'], ['/720p'], ['/missing.m4s']])(
    'answers %s with 404, never a listing',
    async (path) => {
      // Act
      const response = await rawGet(server, path);

      // Assess
      expect(response.status).toBe(404);
      expect(response.body.toString()).not.toContain('seg-00001');
    },
  );

  it.each([
    ['/../secret.txt'],
    ['/%2e%2e/secret.txt'],
    ['/720p/..%2f..%2fsecret.txt'],
    ['/link.txt'],
  ])('refuses %s, which leads outside the root, with 403', async (path) => {
    // Act
    const response = await rawGet(server, path);

    // Assess
    expect(response.status).toBe(403);
    expect(response.body.toString()).not.toContain('outside the root');
  });

  it('refuses methods other than GET and HEAD', async () => {
    // Act
    const response = await fetch(`${server.origin}/master.m3u8`, { method: 'PUT', body: 'x' });

    // Assess
    expect(response.status).toBe(405);
  });
});
