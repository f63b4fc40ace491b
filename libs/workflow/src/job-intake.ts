import { createHash, type Hash } from 'node:crypto';
import { Readable } from 'node:stream';
import { basename, extname } from 'node:path';
import { ConflictError, InvalidRequestError, toReelError } from '@reel/error-taxonomy';
import { createJobManifest, type JobManifest, type ManifestStore } from '@reel/manifest';
import { assertValidId, buildJobKey, contentTypeForKey, type MediaStorage } from '@reel/storage';
import { openUploadFile, type UploadFile } from './upload-file';

export interface IntakeFileOptions {
  storage: MediaStorage;
  manifests: ManifestStore;
  env: string;
  tenantId: string;
  jobId: string;
  correlationId: string;
  /** A local file to upload as the job's input: a regular file, not a link, device or FIFO. */
  filePath: string;
  /** The size guardrail (the tenant's `maxBytes`): a larger file is refused before a byte is read. */
  maxBytes: number;
  now?: () => Date;
}

export interface IntakeResult {
  manifest: JobManifest;
  /** False when the job already existed with the same input (nothing was uploaded). */
  created: boolean;
}

/** Hex digits of the SHA-256 in the input's key: unique per content within one job. */
const KEY_HASH_CHARS = 16;

/**
 * Makes a job from a local file, idempotently. The path is checked before it is opened (a regular
 * file within `maxBytes`), hashed, stored under a content-addressed key
 * (`{env}/{tenant}/{job}/input/source-{sha256:16}{.ext}`) and a `queued` manifest created naming
 * the file. The bytes are hashed again as they are uploaded: a file that changed after it was
 * hashed is refused and its upload deleted, so the key always names the bytes stored under it. The same job id with the same bytes returns the existing job; with different bytes it
 * is refused. Because the key follows the content, two intakes racing for one job id never
 * overwrite each other's upload: the manifest that wins always matches the object it names, and
 * the loser deletes its own upload — as does any intake that fails after storing.
 *
 * @example
 * const { manifest, created } = await intakeFile({ storage, manifests, env: 'dev', tenantId: 'acme',
 *   jobId, correlationId, filePath, maxBytes: DEFAULT_GUARDRAILS.maxBytes });
 */
export async function intakeFile({
  storage,
  manifests,
  env,
  tenantId,
  jobId,
  correlationId,
  filePath,
  maxBytes,
  now = () => new Date(),
}: IntakeFileOptions): Promise<IntakeResult> {
  const ref = {
    tenantId: assertValidId('tenantId', tenantId),
    jobId: assertValidId('jobId', jobId),
  };
  const upload = await openUploadFile({ filePath, maxBytes });
  try {
    const sha256 = await hashUpload(upload, filePath);
    const existing = await manifests.get(ref);
    if (existing) return { manifest: assertSameInput(existing, sha256, filePath), created: false };

    const key = buildJobKey({
      env,
      tenantId,
      jobId,
      kind: 'input',
      name: `source-${sha256.slice(0, KEY_HASH_CHARS)}${safeExtension(filePath)}`,
    });
    const contentType = contentTypeForKey(key);
    await putVerified({ storage, key, contentType, upload, sha256, filePath });
    const manifest = createJobManifest({
      env,
      tenantId,
      jobId,
      correlationId,
      status: 'queued',
      now: now(),
      input: { key, bytes: upload.bytes, sha256, contentType, fileName: basename(filePath) },
    });
    try {
      return { manifest: await manifests.create(manifest), created: true };
    } catch (error) {
      const winner = error instanceof ConflictError ? await manifests.get(ref) : undefined;
      // Same bytes: the winner's key is this key, and the object is the winner's input.
      if (winner?.input?.key !== key) await storage.delete({ key });
      if (!winner) throw error;
      return { manifest: assertSameInput(winner, sha256, filePath), created: false };
    }
  } finally {
    await upload.close();
  }
}

async function hashUpload(upload: UploadFile, filePath: string): Promise<string> {
  const tally = { hash: createHash('sha256'), bytes: 0 };
  try {
    for await (const chunk of tallied(upload.read(), tally)) void chunk;
  } catch (error) {
    throw toReelError(error);
  }
  if (tally.bytes !== upload.bytes) {
    throw changedWhileRead(filePath, { bytes: tally.bytes, expectedBytes: upload.bytes });
  }
  return tally.hash.digest('hex');
}

/**
 * Uploads the file under the key its hash named, hashing the bytes as they stream to storage; if
 * they are not the bytes that were hashed for the key (the file changed in between), the stored
 * object is deleted and the intake refused.
 */
async function putVerified({
  storage,
  key,
  contentType,
  upload,
  sha256,
  filePath,
}: {
  storage: MediaStorage;
  key: string;
  contentType: string;
  upload: UploadFile;
  sha256: string;
  filePath: string;
}): Promise<void> {
  const tally = { hash: createHash('sha256'), bytes: 0 };
  await storage.putStream({
    key,
    body: Readable.from(tallied(upload.read(), tally), { objectMode: false }),
    contentType,
  });
  const storedSha256 = tally.hash.digest('hex');
  if (storedSha256 !== sha256 || tally.bytes !== upload.bytes) {
    await storage.delete({ key });
    throw changedWhileRead(filePath, {
      bytes: tally.bytes,
      expectedBytes: upload.bytes,
      sha256: storedSha256,
      expectedSha256: sha256,
    });
  }
}

/** Passes the chunks on, adding each to `tally`. */
async function* tallied(
  source: AsyncIterable<unknown>,
  tally: { hash: Hash; bytes: number },
): AsyncGenerator<Buffer> {
  for await (const chunk of source) {
    const bytes = chunk as Buffer;
    tally.hash.update(bytes);
    tally.bytes += bytes.length;
    yield bytes;
  }
}

function changedWhileRead(filePath: string, details: Record<string, unknown>): InvalidRequestError {
  return new InvalidRequestError(`${filePath} changed while it was being read`, {
    details: { file: filePath, ...details },
    advice: 'Leave the file alone while reel reads it, then run again.',
  });
}

function assertSameInput(manifest: JobManifest, sha256: string, filePath: string): JobManifest {
  // A job without an input (the video API's, awaiting its upload) is another job, not this one.
  if (manifest.input?.sha256 !== sha256) {
    throw new InvalidRequestError(
      `Job ${manifest.jobId} already exists with a different input than ${filePath} (${manifest.input?.fileName ?? 'none yet: awaiting its upload'})`,
      {
        details: {
          jobId: manifest.jobId,
          file: filePath,
          existingSha256: manifest.input?.sha256,
          newSha256: sha256,
        },
        advice: 'Use a new job id for a new input (or omit --job to get a generated one).',
      },
    );
  }
  return manifest;
}

function safeExtension(filePath: string): string {
  const extension = extname(filePath).toLowerCase();
  return /^\.[a-z0-9]{1,8}$/.test(extension) ? extension : '';
}
