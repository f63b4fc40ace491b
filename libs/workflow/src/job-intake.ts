import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { extname } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { ConflictError, InvalidRequestError, toReelError } from '@reel/error-taxonomy';
import { createJobManifest, type JobManifest, type ManifestStore } from '@reel/manifest';
import { assertValidId, buildJobKey, contentTypeForKey, type MediaStorage } from '@reel/storage';

export interface IntakeFileOptions {
  storage: MediaStorage;
  manifests: ManifestStore;
  env: string;
  tenantId: string;
  jobId: string;
  correlationId: string;
  /** A local file to upload as the job's input. */
  filePath: string;
  now?: () => Date;
}

export interface IntakeResult {
  manifest: JobManifest;
  /** False when the job already existed with the same input (nothing was uploaded). */
  created: boolean;
}

/**
 * Makes a job from a local file, idempotently: the input is hashed while streamed, stored at
 * `{env}/{tenant}/{job}/input/source{.ext}` and a `queued` manifest created. The same job id with
 * the same bytes returns the existing job; with different bytes it is refused rather than mixed.
 *
 * @example
 * const { manifest, created } = await intakeFile({ storage, manifests, env: 'dev', tenantId: 'acme', jobId, correlationId, filePath });
 */
export async function intakeFile({
  storage,
  manifests,
  env,
  tenantId,
  jobId,
  correlationId,
  filePath,
  now = () => new Date(),
}: IntakeFileOptions): Promise<IntakeResult> {
  const ref = {
    tenantId: assertValidId('tenantId', tenantId),
    jobId: assertValidId('jobId', jobId),
  };
  const { sha256, bytes } = await hashFile(filePath);
  const existing = await manifests.get(ref);
  if (existing) return { manifest: assertSameInput(existing, sha256), created: false };

  const key = buildJobKey({
    env,
    tenantId,
    jobId,
    kind: 'input',
    name: `source${safeExtension(filePath)}`,
  });
  const contentType = contentTypeForKey(key);
  await storage.putFile({ key, path: filePath, contentType });
  const manifest = createJobManifest({
    env,
    tenantId,
    jobId,
    correlationId,
    status: 'queued',
    now: now(),
    input: { key, bytes, sha256, contentType },
  });
  try {
    return { manifest: await manifests.create(manifest), created: true };
  } catch (error) {
    // Two intakes of the same job raced; the other created it first.
    if (!(error instanceof ConflictError)) throw error;
    const winner = await manifests.get(ref);
    if (!winner) throw error;
    return { manifest: assertSameInput(winner, sha256), created: false };
  }
}

async function hashFile(filePath: string): Promise<{ sha256: string; bytes: number }> {
  const hash = createHash('sha256');
  let bytes = 0;
  try {
    await pipeline(createReadStream(filePath), async function* (chunks: AsyncIterable<Buffer>) {
      for await (const chunk of chunks) {
        bytes += chunk.length;
        hash.update(chunk);
      }
      yield* [];
    });
  } catch (error) {
    throw toReelError(error);
  }
  return { sha256: hash.digest('hex'), bytes };
}

function assertSameInput(manifest: JobManifest, sha256: string): JobManifest {
  if (manifest.input.sha256 !== sha256) {
    throw new InvalidRequestError(`Job ${manifest.jobId} already exists with a different input`, {
      details: { jobId: manifest.jobId, existingSha256: manifest.input.sha256, newSha256: sha256 },
      advice: 'Use a new job id for a new input (or omit --job to get a generated one).',
    });
  }
  return manifest;
}

function safeExtension(filePath: string): string {
  const extension = extname(filePath).toLowerCase();
  return /^\.[a-z0-9]{1,8}$/.test(extension) ? extension : '';
}
