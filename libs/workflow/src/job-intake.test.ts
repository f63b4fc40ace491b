import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, open, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InternalError } from '@reel/error-taxonomy';
import { loadConfig } from '@reel/config';
import { createManifestStoreFromConfig, type ManifestStore } from '@reel/manifest';
import { createStorage, ID_PATTERN, type MediaStorage } from '@reel/storage';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { intakeFile, type IntakeFileOptions } from './job-intake';

const GIB = 1024 ** 3;
/** A refusal must come at once; a test that hangs (a FIFO, /dev/zero) fails here, not in 60 s. */
const REFUSAL_TIMEOUT_MS = 5_000;

describe('Function: intakeFile', () => {
  let rootDir: string;
  let source: string;
  let storageDir: string;
  beforeEach(async () => {
    rootDir = await mkdtemp(join(tmpdir(), 'reel-intake-'));
    storageDir = join(rootDir, 'storage');
    source = join(rootDir, 'My Talk.MP4');
    await writeFile(source, 'not really media, but intake does not care');
  });
  afterEach(() => rm(rootDir, { recursive: true, force: true }));
  const localManifests = () =>
    createManifestStoreFromConfig(loadConfig({ MEDIA_STORAGE_PATH: storageDir, REEL_ENV: 'dev' }));

  const intakeOptions = (overrides: Partial<IntakeFileOptions> = {}): IntakeFileOptions => ({
    storage: createStorage({ backend: 'local', rootDir: storageDir }),
    manifests: localManifests(),
    env: 'dev',
    tenantId: 'acme',
    jobId: 'ep-1',
    correlationId: 'c',
    filePath: source,
    maxBytes: 5 * GIB,
    ...overrides,
  });
  const sha256Of = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
  const storedInputs = async (jobId = 'ep-1') =>
    readdir(join(storageDir, 'dev/acme', jobId, 'input')).catch(() => []);
  const manifestOf = (jobId = 'ep-1') => localManifests().get({ tenantId: 'acme', jobId });

  it('stores the input under a content-addressed key and creates a queued manifest naming the file', async () => {
    // Act
    const { manifest, created } = await intakeFile(intakeOptions());

    // Assess
    const bytes = await readFile(source);
    const sha256 = sha256Of(bytes);
    const key = `dev/acme/ep-1/input/source-${sha256.slice(0, 16)}.mp4`;
    expect(created).toBe(true);
    expect(manifest).toMatchObject({
      status: 'queued',
      version: 1,
      input: {
        key,
        bytes: bytes.length,
        sha256,
        contentType: 'video/mp4',
        fileName: 'My Talk.MP4',
      },
    });
    expect(await readFile(join(storageDir, key))).toEqual(bytes);
  });

  it('returns the existing job for the same bytes without uploading again', async () => {
    await intakeFile(intakeOptions());

    const second = await intakeFile(intakeOptions());

    expect(second.created).toBe(false);
    expect(second.manifest.version).toBe(1);
    expect(await storedInputs()).toHaveLength(1);
  });

  it('refuses the same job id with different bytes, naming the file, and stores nothing', async () => {
    // Prepare
    await intakeFile(intakeOptions());
    const other = join(rootDir, 'other.mp4');
    await writeFile(other, 'different bytes');

    // Act
    const second = intakeFile(intakeOptions({ filePath: other }));

    // Assess
    await expect(second).rejects.toMatchObject({ code: 'INVALID_REQUEST' });
    await expect(second).rejects.toThrow(other);
    expect(await storedInputs()).toHaveLength(1);
  });

  it('keeps the manifest and the stored input in agreement when two intakes of one job race with different bytes', async () => {
    // Prepare
    const files = await Promise.all(
      ['a', 'b'].map(async (name) => {
        const path = join(rootDir, `${name}.mp4`);
        await writeFile(path, Buffer.alloc(256 * 1024, name));
        return path;
      }),
    );

    // Act: ten jobs, each with two intakes at once.
    const jobIds = Array.from({ length: 10 }, (_, index) => `race-${index}`);
    await Promise.all(
      jobIds.flatMap((jobId) =>
        files.map((filePath) =>
          intakeFile(intakeOptions({ jobId, filePath })).catch(() => undefined),
        ),
      ),
    );

    // Assess
    for (const jobId of jobIds) {
      const manifest = await manifestOf(jobId);
      const stored = await readFile(join(storageDir, manifest?.input?.key ?? 'missing'));
      expect(sha256Of(stored)).toBe(manifest?.input?.sha256);
      expect(await storedInputs(jobId)).toHaveLength(1);
    }
  });

  it('refuses and deletes an upload whose bytes changed after they were hashed for its key', async () => {
    // Prepare: the file is rewritten in place (same size) just as its upload starts.
    const storage = createStorage({ backend: 'local', rootDir: storageDir });
    const rewritingStorage: MediaStorage = {
      ...storage,
      putStream: async (options) => {
        const handle = await open(source, 'r+');
        await handle.write(Buffer.from('NOT'), 0, 3, 0);
        await handle.close();
        return storage.putStream(options);
      },
    };

    // Act
    const intake = intakeFile(intakeOptions({ storage: rewritingStorage }));

    // Assess
    await expect(intake).rejects.toMatchObject({
      code: 'INVALID_REQUEST',
      message: `${source} changed while it was being read`,
      details: { expectedSha256: expect.stringMatching(/^[0-9a-f]{64}$/) as string },
    });
    expect(await storedInputs()).toEqual([]);
    expect(await manifestOf()).toBeUndefined();
  });

  it('deletes the stored input when creating the manifest fails', async () => {
    // Prepare
    const manifests = localManifests();
    const failingManifests: ManifestStore = {
      ...manifests,
      create: () => Promise.reject(new InternalError('the jobs table is gone')),
    };

    // Act
    const intake = intakeFile(intakeOptions({ manifests: failingManifests }));

    // Assess
    await expect(intake).rejects.toBeInstanceOf(InternalError);
    expect(await storedInputs()).toEqual([]);
  });

  describe('a path that is not a regular file within the limit', () => {
    it(
      'refuses a missing file as InputMissing naming it, before creating anything',
      async () => {
        const missing = join(rootDir, 'nope.mp4');
        const intake = intakeFile(intakeOptions({ filePath: missing }));
        await expect(intake).rejects.toMatchObject({ code: 'INPUT_MISSING' });
        await expect(intake).rejects.toThrow(missing);
        expect(await manifestOf()).toBeUndefined();
      },
      REFUSAL_TIMEOUT_MS,
    );

    it(
      'refuses a symbolic link (even to a readable file) without following it',
      async () => {
        // Prepare
        const link = join(rootDir, 'passwd.mp4');
        await symlink('/etc/passwd', link);

        // Act
        const intake = intakeFile(intakeOptions({ filePath: link }));

        // Assess
        await expect(intake).rejects.toMatchObject({ code: 'INVALID_REQUEST' });
        await expect(intake).rejects.toThrow(`${link} is a symbolic link`);
        await expect(intake).rejects.toMatchObject({
          advice: expect.not.stringContaining(ID_PATTERN.source) as string,
        });
        expect(await storedInputs()).toEqual([]);
        expect(await manifestOf()).toBeUndefined();
      },
      REFUSAL_TIMEOUT_MS,
    );

    it(
      'refuses a directory',
      async () => {
        const folder = join(rootDir, 'folder.mp4');
        await mkdir(folder);
        await expect(intakeFile(intakeOptions({ filePath: folder }))).rejects.toThrow(
          `${folder} is a directory, not a regular file`,
        );
        expect(await manifestOf()).toBeUndefined();
      },
      REFUSAL_TIMEOUT_MS,
    );

    it(
      'refuses a FIFO at once instead of waiting for a writer',
      async () => {
        const fifo = join(rootDir, 'pipe.mp4');
        execFileSync('mkfifo', [fifo]);
        await expect(intakeFile(intakeOptions({ filePath: fifo }))).rejects.toMatchObject({
          code: 'INVALID_REQUEST',
          message: `${fifo} is a FIFO (named pipe), not a regular file`,
        });
      },
      REFUSAL_TIMEOUT_MS,
    );

    it(
      'refuses /dev/zero at once instead of reading forever',
      async () => {
        await expect(intakeFile(intakeOptions({ filePath: '/dev/zero' }))).rejects.toMatchObject({
          code: 'INVALID_REQUEST',
          message: '/dev/zero is a device, not a regular file',
        });
        expect(await manifestOf()).toBeUndefined();
      },
      REFUSAL_TIMEOUT_MS,
    );

    it(
      'refuses a socket',
      async () => {
        const socketPath = join(rootDir, 'media.sock');
        const server: Server = createServer();
        await new Promise<void>((resolve) => server.listen(socketPath, resolve));
        try {
          await expect(intakeFile(intakeOptions({ filePath: socketPath }))).rejects.toMatchObject({
            code: 'INVALID_REQUEST',
            details: { kind: 'a socket' },
          });
        } finally {
          await new Promise((resolve) => server.close(resolve));
        }
      },
      REFUSAL_TIMEOUT_MS,
    );

    it(
      'refuses a 6 GiB sparse file by its size before reading it, storing nothing',
      async () => {
        // Prepare
        const huge = join(rootDir, 'huge.mkv');
        const handle = await open(huge, 'w');
        await handle.truncate(6 * GIB);
        await handle.close();

        // Act
        const intake = intakeFile(intakeOptions({ filePath: huge }));

        // Assess
        await expect(intake).rejects.toMatchObject({
          code: 'GUARDRAIL_EXCEEDED',
          details: { file: huge, bytes: 6 * GIB, maxBytes: 5 * GIB },
        });
        expect(await storedInputs()).toEqual([]);
        expect(await manifestOf()).toBeUndefined();
      },
      REFUSAL_TIMEOUT_MS,
    );
  });
});
