import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { InvalidRequestError } from '@reel/error-taxonomy';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildClipKey, buildJobKey, buildManifestKey, type MediaStorage } from '../src';
import { allBackends, type BackendUnderTest } from './backends-under-test';

const hostileIds: [string, string][] = [
  ['a parent reference', '..'],
  ['a percent-encoded parent reference', '%2e%2e'],
  ['a path separator', 'a/b'],
  ['a backslash', 'a\\b'],
  ['a NUL byte', 'a\0b'],
  ['a Cyrillic look-alike', 'аcme'],
  ['fullwidth letters', 'ａｃｍｅ'],
  ['upper case', 'Acme'],
  ['a 1 KB id', 'a'.repeat(1024)],
  ['an empty id', ''],
  ['a leading dash', '-acme'],
  ['a newline', 'acme\n'],
];

const hostileKeys: [string, string][] = [
  ['an absolute path', '/etc/passwd'],
  ['a climb out of the job', 'dev/acme/job-1/input/../../../../etc/passwd'],
  ['a percent-encoded climb', 'dev/acme/job-1/input/%2e%2e/a.mp4'],
  ['a leading ./', './dev/acme/job-1/input/a.mp4'],
  ['an empty segment', 'dev/acme/job-1//input/a.mp4'],
  ['a trailing slash', 'dev/acme/job-1/input/'],
  ['backslashes', 'dev\\acme\\job-1\\input\\a.mp4'],
  ['a NUL byte', 'dev/acme/job-1/input/a.mp4\0.jpg'],
  ['a hidden file', 'dev/acme/job-1/input/.a.mp4.meta.json'],
  ['an unknown kind', 'dev/acme/job-1/secrets/a.mp4'],
  ['five name segments', 'dev/acme/job-1/input/a/b/c/d/e.mp4'],
  ['a backwards clip', 'dev/acme/audio_clips/ep-1/1000-500.mp3'],
  ['a URL', 'file:///etc/passwd'],
  ['a fullwidth name', 'dev/acme/job-1/input/ａ.mp4'],
  ['a 2 KB key', `dev/acme/job-1/input/${'a'.repeat(2048)}.mp4`],
];

const hostilePrefixes = [
  '/',
  '../',
  'dev/../',
  'dev/acme/%2e%2e/',
  'dev\\acme/',
  'dev/acme\0/',
  'dev//acme/',
  'dev/Acme/',
  'dev/аcme/',
  './dev/',
  'dev/acme/job-1/.hidden',
];

/** Every operation of the interface that takes a key, each called with one key. */
function everyOperation(
  storage: MediaStorage,
  key: string,
  sourcePath: string,
  targetPath: string,
) {
  return {
    putStream: () => storage.putStream({ key, body: Readable.from(['bytes']) }),
    putFile: () => storage.putFile({ key, path: sourcePath }),
    getStream: () => storage.getStream({ key }),
    getToFile: () => storage.getToFile({ key, path: targetPath }),
    head: () => storage.head({ key }),
    exists: () => storage.exists({ key }),
    delete: () => storage.delete({ key }),
    getUrl: () => storage.getUrl({ key }),
    getUploadUrl: () => storage.getUploadUrl({ key, contentLength: 5 }),
  };
}

describe.each(allBackends)('Security: hostile ids and keys on $name storage', ({ create }) => {
  let backend: BackendUnderTest;
  let scratchDir: string;
  let sourcePath: string;

  beforeAll(async () => {
    backend = await create();
    scratchDir = await mkdtemp(join(tmpdir(), 'reel-hostile-'));
    sourcePath = join(scratchDir, 'source.mp4');
    await writeFile(sourcePath, 'media');
    // One honest object, so "nothing changed" is checked against a store that is not empty.
    await backend.storage.putStream({
      key: buildJobKey({
        env: 'dev',
        tenantId: 'acme',
        jobId: 'job-1',
        kind: 'input',
        name: 'a.mp4',
      }),
      body: Readable.from(['honest']),
    });
  });

  afterAll(async () => {
    await backend?.teardown();
    await rm(scratchDir, { recursive: true, force: true });
  });

  it.each(hostileIds)('rejects an id with %s before any key is built', (_label, id) => {
    // Prepare
    const builders = [
      () => buildJobKey({ env: 'dev', tenantId: id, jobId: 'job-1', kind: 'input', name: 'a.mp4' }),
      () => buildJobKey({ env: 'dev', tenantId: 'acme', jobId: id, kind: 'input', name: 'a.mp4' }),
      () => buildManifestKey({ env: 'dev', tenantId: 'acme', jobId: id }),
      () => buildClipKey({ env: 'dev', tenantId: 'acme', episodeId: id, startMs: 0, endMs: 1000 }),
      () =>
        buildJobKey({ env: id, tenantId: 'acme', jobId: 'job-1', kind: 'input', name: 'a.mp4' }),
    ];

    // Act & Assess
    for (const build of builders) expect(build).toThrow(InvalidRequestError);
  });

  it.each(hostileIds)(
    'refuses raw keys carrying an id with %s in every operation, creating nothing',
    async (_label, id) => {
      // Prepare
      const before = await backend.snapshot();
      const keys = [
        `dev/${id}/job-1/input/a.mp4`,
        `dev/acme/${id}/manifest.json`,
        `dev/acme/${id}/input/a.mp4`,
        `dev/acme/audio_clips/${id}/0-1000.mp3`,
      ];
      const targetPath = join(scratchDir, 'target.mp4');

      // Act
      const outcomes = await Promise.allSettled(
        keys.flatMap((key) =>
          Object.values(everyOperation(backend.storage, key, sourcePath, targetPath)).map(
            (operation) => operation(),
          ),
        ),
      );

      // Assess
      for (const outcome of outcomes) {
        expect(outcome.status).toBe('rejected');
        expect((outcome as PromiseRejectedResult).reason).toBeInstanceOf(InvalidRequestError);
      }
      expect(await backend.snapshot()).toEqual(before);
      expect(await readdir(scratchDir)).toEqual(['source.mp4']);
    },
  );

  it.each(hostileKeys)(
    'refuses a key with %s in every operation, creating nothing',
    async (_label, key) => {
      // Prepare
      const before = await backend.snapshot();
      const operations = everyOperation(
        backend.storage,
        key,
        sourcePath,
        join(scratchDir, 'target.mp4'),
      );

      // Act
      const outcomes = await Promise.allSettled(
        Object.entries(operations).map(async ([name, operation]) => ({
          name,
          result: await operation(),
        })),
      );

      // Assess
      const accepted = outcomes.filter((outcome) => outcome.status === 'fulfilled');
      expect(accepted).toEqual([]);
      for (const outcome of outcomes) {
        expect((outcome as PromiseRejectedResult).reason).toBeInstanceOf(InvalidRequestError);
      }
      expect(await backend.snapshot()).toEqual(before);
      expect(await readdir(scratchDir)).toEqual(['source.mp4']);
    },
  );

  it.each(hostilePrefixes)('refuses to list the hostile prefix %j', async (prefix) => {
    // Act
    const listing = backend.storage.list({ prefix });

    // Assess
    await expect(listing).rejects.toBeInstanceOf(InvalidRequestError);
  });
});
