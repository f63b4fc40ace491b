import { mkdir, mkdtemp, readdir, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import {
  ConfigInvalidError,
  InvalidRequestError,
  PermissionDeniedError,
} from '@reel/error-taxonomy';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildJobKey } from './key-layout';
import { createLocalStorage } from './local-storage';
import { verifyLocalUrl } from './local-url-signature';
import { loadOrCreateUrlSigningSecret } from './url-signing-secret';

const key = (jobId: string, name = 'audio.mp3') =>
  buildJobKey({ env: 'dev', tenantId: 'acme', jobId, kind: 'audio', name });

describe('Local backend', () => {
  let workDir: string;
  let rootDir: string;
  let outsideDir: string;

  beforeEach(async () => {
    workDir = await mkdtemp(join(tmpdir(), 'reel-local-'));
    rootDir = join(workDir, 'storage');
    outsideDir = join(workDir, 'outside');
    await mkdir(outsideDir);
  });

  afterEach(async () => {
    await rm(workDir, { recursive: true, force: true });
  });

  it('creates its root on first write, not on construction', async () => {
    // Prepare
    const storage = createLocalStorage({ rootDir });
    const rootBefore = await stat(rootDir).catch(() => undefined);

    // Act
    await storage.putStream({ key: key('ep-1'), body: Readable.from(['mp3']) });

    // Assess
    expect(rootBefore).toBeUndefined();
    expect(await readFile(join(rootDir, 'dev/acme/ep-1/audio/audio.mp3'), 'utf8')).toBe('mp3');
  });

  it('refuses to write through a folder symlinked out of the root, creating nothing outside', async () => {
    // Prepare
    const storage = createLocalStorage({ rootDir });
    await mkdir(join(rootDir, 'dev'), { recursive: true });
    await symlink(outsideDir, join(rootDir, 'dev', 'acme'));

    // Act
    const put = storage.putStream({ key: key('ep-1'), body: Readable.from(['mp3']) });

    // Assess
    await expect(put).rejects.toBeInstanceOf(PermissionDeniedError);
    expect(await readdir(outsideDir)).toEqual([]);
  });

  it('refuses to read through a symlinked folder, even one that points inside the root', async () => {
    // Prepare
    const storage = createLocalStorage({ rootDir });
    await storage.putStream({ key: key('victim'), body: Readable.from(['secret']) });
    await symlink(join(rootDir, 'dev/acme/victim'), join(rootDir, 'dev/acme/attacker'));

    // Act
    const outcomes = await Promise.allSettled([
      storage.getStream({ key: key('attacker') }),
      storage.list({ prefix: 'dev/acme/attacker/' }),
    ]);

    // Assess
    for (const outcome of outcomes) {
      expect((outcome as PromiseRejectedResult).reason).toBeInstanceOf(PermissionDeniedError);
    }
  });

  it('refuses to read an object that is a symlink to a file outside the root', async () => {
    // Prepare
    const storage = createLocalStorage({ rootDir });
    await writeFile(join(outsideDir, 'passwd'), 'root:x:0:0');
    await storage.putStream({ key: key('ep-1', 'other.mp3'), body: Readable.from(['x']) });
    await symlink(join(outsideDir, 'passwd'), join(rootDir, 'dev/acme/ep-1/audio/audio.mp3'));

    // Act
    const outcomes = await Promise.allSettled([
      storage.getStream({ key: key('ep-1') }),
      storage.getToFile({ key: key('ep-1'), path: join(workDir, 'copy') }),
      storage.head({ key: key('ep-1') }),
    ]);

    // Assess
    for (const outcome of outcomes) {
      expect((outcome as PromiseRejectedResult).reason).toBeInstanceOf(PermissionDeniedError);
    }
    expect(await readdir(workDir)).not.toContain('copy');
    expect(await storage.list({ prefix: 'dev/acme/ep-1/audio/' })).toMatchObject([
      { key: key('ep-1', 'other.mp3') },
    ]);
  });

  it('replaces a planted symlink on write instead of writing through it', async () => {
    // Prepare
    const storage = createLocalStorage({ rootDir });
    await writeFile(join(outsideDir, 'target'), 'untouched');
    await storage.putStream({ key: key('ep-1', 'other.mp3'), body: Readable.from(['x']) });
    await symlink(join(outsideDir, 'target'), join(rootDir, 'dev/acme/ep-1/audio/audio.mp3'));

    // Act
    await storage.putStream({ key: key('ep-1'), body: Readable.from(['new bytes']) });

    // Assess
    expect(await readFile(join(outsideDir, 'target'), 'utf8')).toBe('untouched');
    expect(await readFile(join(rootDir, 'dev/acme/ep-1/audio/audio.mp3'), 'utf8')).toBe(
      'new bytes',
    );
  });

  it('lists only objects: no temp files, type sidecars or foreign files', async () => {
    // Prepare
    const storage = createLocalStorage({ rootDir });
    await storage.putStream({
      key: key('ep-1'),
      body: Readable.from(['mp3']),
      contentType: 'audio/x-custom',
    });
    const folder = join(rootDir, 'dev/acme/ep-1/audio');
    await writeFile(join(folder, '.audio.mp3.0f8fad5b-d9cb-469f-a165-70867728950e.tmp'), 'partial');
    await writeFile(join(folder, 'Notes From Finder.txt'), 'foreign');

    // Act
    const listed = await storage.list({ prefix: '' });

    // Assess
    expect(listed.map((object) => object.key)).toEqual([key('ep-1')]);
    expect(await readdir(folder)).toContain('.audio.mp3.meta.json');
  });

  it('removes the type sidecar with the object', async () => {
    // Prepare
    const storage = createLocalStorage({ rootDir });
    await storage.putStream({
      key: key('ep-1'),
      body: Readable.from(['mp3']),
      contentType: 'audio/x-custom',
    });

    // Act
    await storage.delete({ key: key('ep-1') });

    // Assess
    expect(await readdir(join(rootDir, 'dev/acme/ep-1'))).toEqual([]);
  });

  it('removes the folders a delete leaves empty, up to the job root, and keeps folders still in use', async () => {
    // Prepare
    const storage = createLocalStorage({ rootDir });
    const chunkKey = (runId: string, index: number) =>
      buildJobKey({
        env: 'dev',
        tenantId: 'acme',
        jobId: 'ep-1',
        kind: 'renders',
        name: `chunks/${runId}/${index}.mp4`,
      });
    for (const name of [chunkKey('run-a', 0), chunkKey('run-a', 1), chunkKey('run-b', 0)]) {
      await storage.putStream({ key: name, body: Readable.from(['mp4']) });
    }

    // Act
    await storage.delete({ key: chunkKey('run-a', 0) });
    const afterOne = await readdir(join(rootDir, 'dev/acme/ep-1/renders/chunks'));
    await storage.delete({ key: chunkKey('run-a', 1) });
    const afterRun = await readdir(join(rootDir, 'dev/acme/ep-1/renders/chunks'));
    await storage.delete({ key: chunkKey('run-b', 0) });

    // Assess
    expect(afterOne).toEqual(['run-a', 'run-b']);
    expect(afterRun).toEqual(['run-b']);
    expect(await readdir(join(rootDir, 'dev/acme'))).toEqual(['ep-1']);
    expect(await readdir(join(rootDir, 'dev/acme/ep-1'))).toEqual([]);
  });

  it('signs URLs under the public base URL with a secret it keeps in the root', async () => {
    // Prepare
    const storage = createLocalStorage({ rootDir, publicBaseUrl: 'http://127.0.0.1:3000/media/' });

    // Act
    const url = new URL(await storage.getUrl({ key: key('ep-1'), expiresInSec: 600 }));
    const secret = await loadOrCreateUrlSigningSecret({ rootDir });

    // Assess
    expect(`${url.origin}${url.pathname}`).toBe(
      'http://127.0.0.1:3000/media/dev/acme/ep-1/audio/audio.mp3',
    );
    expect(
      verifyLocalUrl({ key: key('ep-1'), method: 'GET', query: url.search.slice(1), secret }),
    ).toMatchObject({ method: 'GET' });
    expect(Number(url.searchParams.get('expires')) * 1000 - Date.now()).toBeGreaterThan(590_000);
    expect(await storage.list({ prefix: '' })).toEqual([]);
  });

  it('gives file:// URLs and no upload URL without a public base URL', async () => {
    // Prepare
    const storage = createLocalStorage({ rootDir });

    // Act
    const url = await storage.getUrl({ key: key('ep-1') });
    const uploadUrl = storage.getUploadUrl({ key: key('ep-1'), contentLength: 10 });

    // Assess
    expect(url).toMatch(/^file:\/\/.*\/storage\/dev\/acme\/ep-1\/audio\/audio\.mp3$/);
    await expect(uploadUrl).rejects.toBeInstanceOf(ConfigInvalidError);
    expect(await stat(join(rootDir, '.reel')).catch(() => undefined)).toBeUndefined();
  });

  it('signs upload URLs for exactly the declared length', async () => {
    // Prepare
    const secret = 'local-storage-test-secret-0123456789abc';
    const storage = createLocalStorage({
      rootDir,
      publicBaseUrl: 'http://127.0.0.1:3000/media',
      urlSigningSecret: secret,
    });

    // Act
    const upload = await storage.getUploadUrl({ key: key('ep-1'), contentLength: 4096 });
    const url = new URL(upload.url);

    // Assess
    expect(upload.headers).toEqual({ 'content-length': '4096' });
    expect(upload.expiresAt.getTime() - Date.now()).toBeGreaterThan(3_590_000);
    expect(
      verifyLocalUrl({ key: key('ep-1'), method: 'PUT', query: url.search.slice(1), secret }),
    ).toEqual({ method: 'PUT', expiresAtMs: upload.expiresAt.getTime(), contentLength: 4096 });
    await expect(
      storage.getUploadUrl({ key: key('ep-1'), contentLength: 6 * 1024 ** 3 }),
    ).rejects.toBeInstanceOf(InvalidRequestError);
  });
});
