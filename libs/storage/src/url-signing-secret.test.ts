import { chmod, mkdir, mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigInvalidError, PermissionDeniedError } from '@reel/error-taxonomy';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  URL_SIGNING_SECRET_PATH,
  loadOrCreateUrlSigningSecret,
  urlSigningSecretSource,
} from './url-signing-secret';

describe('Function: loadOrCreateUrlSigningSecret', () => {
  let rootDir: string;

  beforeEach(async () => {
    rootDir = await mkdtemp(join(tmpdir(), 'reel-secret-'));
  });

  afterEach(async () => {
    await rm(rootDir, { recursive: true, force: true });
  });

  it('makes a 256-bit secret once, readable by its owner only, and returns it ever after', async () => {
    // Act
    const first = await loadOrCreateUrlSigningSecret({ rootDir });
    const second = await loadOrCreateUrlSigningSecret({ rootDir });

    // Assess
    const path = join(rootDir, URL_SIGNING_SECRET_PATH);
    expect(first).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(second).toBe(first);
    expect((await readFile(path, 'utf8')).trim()).toBe(first);
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    expect((await stat(join(rootDir, '.reel'))).mode & 0o777).toBe(0o700);
  });

  it('gives processes starting together one secret and leaves no temp file', async () => {
    // Act
    const secrets = await Promise.all(
      Array.from({ length: 8 }, () => loadOrCreateUrlSigningSecret({ rootDir })),
    );

    // Assess
    expect(new Set(secrets).size).toBe(1);
    expect(await readdir(join(rootDir, '.reel'))).toEqual(['url-signing-secret']);
  });

  it('refuses a secret file other users can read', async () => {
    // Prepare
    const path = join(rootDir, URL_SIGNING_SECRET_PATH);
    await mkdir(join(rootDir, '.reel'));
    await writeFile(path, 'a'.repeat(43));
    await chmod(path, 0o644);

    // Act
    const loading = loadOrCreateUrlSigningSecret({ rootDir });

    // Assess
    await expect(loading).rejects.toBeInstanceOf(PermissionDeniedError);
    await expect(loading).rejects.toMatchObject({ advice: expect.stringContaining('chmod 600') });
  });

  it('refuses a kept secret that is too short', async () => {
    // Prepare
    await mkdir(join(rootDir, '.reel'));
    await writeFile(join(rootDir, URL_SIGNING_SECRET_PATH), 'short', { mode: 0o600 });

    // Act & Assess
    await expect(loadOrCreateUrlSigningSecret({ rootDir })).rejects.toBeInstanceOf(
      ConfigInvalidError,
    );
  });
});

describe('Function: urlSigningSecretSource', () => {
  it('checks a given secret at once and never touches the disk for it', async () => {
    // Prepare
    const rootDir = join(tmpdir(), 'reel-secret-never-made');

    // Act
    const source = urlSigningSecretSource({ rootDir, secret: 's'.repeat(32) });

    // Assess
    expect(await source()).toBe('s'.repeat(32));
    expect(() =>
      urlSigningSecretSource({ rootDir, secret: 'has spaces in it, 32 characters!' }),
    ).toThrow(ConfigInvalidError);
    await expect(stat(rootDir)).rejects.toThrow();
  });
});
