import { randomBytes, randomUUID } from 'node:crypto';
import { link, mkdir, open, readFile, rm, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { ConfigInvalidError, PermissionDeniedError } from '@reel/error-taxonomy';

/** Shorter secrets are refused: 32 printable characters is about 190 bits even when typed by hand. */
export const URL_SIGNING_SECRET_MIN_LENGTH = 32;

/**
 * Where a generated secret lives under the media root. The folder starts with a dot, which no key's
 * env segment may, so it is never an object, never listed and never served.
 */
export const URL_SIGNING_SECRET_PATH = '.reel/url-signing-secret';

const SECRET_PATTERN = /^[\x21-\x7e]+$/;

/**
 * Throws {@link ConfigInvalidError} unless `secret` is at least
 * {@link URL_SIGNING_SECRET_MIN_LENGTH} printable ASCII characters without spaces.
 *
 * @example
 * assertValidUrlSigningSecret(config.urlSigningSecret);
 */
export function assertValidUrlSigningSecret(secret: unknown): asserts secret is string {
  if (
    typeof secret !== 'string' ||
    secret.length < URL_SIGNING_SECRET_MIN_LENGTH ||
    secret.length > 512 ||
    !SECRET_PATTERN.test(secret)
  ) {
    throw new ConfigInvalidError(
      `The URL signing secret must be ${URL_SIGNING_SECRET_MIN_LENGTH}–512 printable ASCII characters without spaces`,
      {
        details: { length: typeof secret === 'string' ? secret.length : typeof secret },
        advice:
          'Set REEL_URL_SIGNING_SECRET to e.g. the output of `openssl rand -base64 32`, or unset it to let reel keep a generated one in the media root.',
      },
    );
  }
}

function errorCode(error: unknown): unknown {
  return (error as { code?: unknown } | undefined)?.code;
}

async function readSecret(path: string): Promise<string | undefined> {
  const text = await readFile(path, 'utf8').catch((error: unknown) => {
    if (errorCode(error) === 'ENOENT') return undefined;
    throw error;
  });
  if (text === undefined) return undefined;
  const { mode } = await stat(path);
  if ((mode & 0o077) !== 0) {
    throw new PermissionDeniedError(
      `${path} is readable by other users (mode ${(mode & 0o777).toString(8)}); it signs media URLs`,
      { details: { path }, advice: `Run chmod 600 ${path}, or delete it to have a new one made.` },
    );
  }
  const secret = text.trim();
  assertValidUrlSigningSecret(secret);
  return secret;
}

/**
 * The secret that signs local media URLs when none is configured: read from
 * `{rootDir}/.reel/url-signing-secret`, or made once (32 random bytes, base64url) and kept there
 * with mode 0600 in a 0700 folder. The file is written beside and hard-linked into place, so
 * processes starting together all end up with the one secret that won, never a half-written one.
 * Every process on the same media root (`reel serve` and the hosts it starts) signs and verifies
 * with it; deleting the file revokes every URL issued so far.
 *
 * @example
 * const secret = config.urlSigningSecret ?? (await loadOrCreateUrlSigningSecret({ rootDir: config.mediaStoragePath }));
 */
export async function loadOrCreateUrlSigningSecret({
  rootDir,
}: {
  rootDir: string;
}): Promise<string> {
  const path = join(resolve(rootDir), URL_SIGNING_SECRET_PATH);
  const existing = await readSecret(path);
  if (existing !== undefined) return existing;
  // The root as any write makes it; only the state folder is private.
  await mkdir(resolve(rootDir), { recursive: true });
  await mkdir(join(path, '..'), { mode: 0o700 }).catch((error: unknown) => {
    if (errorCode(error) !== 'EEXIST') throw error;
  });
  const tempPath = `${path}.${randomUUID()}.tmp`;
  try {
    const handle = await open(tempPath, 'wx', 0o600);
    try {
      await handle.writeFile(`${randomBytes(32).toString('base64url')}\n`);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await link(tempPath, path).catch((error: unknown) => {
      if (errorCode(error) !== 'EEXIST') throw error;
    });
  } finally {
    await rm(tempPath, { force: true });
  }
  const secret = await readSecret(path);
  if (secret === undefined) throw new ConfigInvalidError(`${path} vanished while it was made`);
  return secret;
}

/**
 * The signing secret, read at most once per caller: `secret` when given (validated now), else the
 * one {@link loadOrCreateUrlSigningSecret} keeps in `rootDir`, loaded on first use (and retried on
 * the next call if that failed).
 *
 * @example
 * const signingSecret = urlSigningSecretSource({ rootDir, secret: config.urlSigningSecret });
 * const secret = await signingSecret();
 */
export function urlSigningSecretSource({
  rootDir,
  secret,
}: {
  rootDir: string;
  secret?: string;
}): () => Promise<string> {
  if (secret !== undefined) {
    assertValidUrlSigningSecret(secret);
    return () => Promise.resolve(secret);
  }
  let loading: Promise<string> | undefined;
  return () => {
    loading ??= loadOrCreateUrlSigningSecret({ rootDir }).catch((error: unknown) => {
      loading = undefined;
      throw error;
    });
    return loading;
  };
}
