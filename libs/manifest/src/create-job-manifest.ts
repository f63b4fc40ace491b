import { assertValidId } from '@reel/storage';
import {
  MANIFEST_SCHEMA_VERSION,
  type JobInput,
  type JobManifest,
  type JobStatus,
  type JobUpload,
} from './job-manifest-schema';
import { prepareManifestForWrite } from './manifest-validation';

export interface CreateJobManifestOptions {
  env: string;
  tenantId: string;
  jobId: string;
  correlationId: string;
  /**
   * The source, once it exists; `fileName` defaults to the last segment of `key`. Absent for a job
   * created before its upload (the video API): the job is then `awaiting_upload`.
   */
  input?: Omit<JobInput, 'fileName'> & { fileName?: string };
  /** 1–200 characters. */
  title?: string;
  /** Up to 2000 characters. */
  description?: string;
  /** Process as soon as the upload arrives; stored as given. */
  autoProcess?: boolean;
  /** Where the client uploads the file (a key in the upload storage) while `awaiting_upload`. */
  upload?: JobUpload;
  /** Defaults to `uploaded` with an input, `awaiting_upload` without. */
  status?: JobStatus;
  now: Date;
}

/**
 * A new manifest at version 1 with no steps and no results, ready for `ManifestStore.create`.
 * Ids are checked first; any other invalid field throws `InvalidRequestError` naming it.
 *
 * @example
 * const manifest = createJobManifest({ env: 'dev', tenantId: 'acme', jobId: 'ep-42',
 *   correlationId: requestId, now: new Date(),
 *   input: { key: 'dev/acme/ep-42/input/source.mp4', bytes: 1_048_576, sha256, fileName: 'Talk.mp4' } });
 * await store.create(manifest);
 *
 * // Before the file exists (status awaiting_upload):
 * createJobManifest({ env, tenantId, jobId: 'v0123456789ab', correlationId, now, title: 'Talk',
 *   upload: { key: 'dev/acme/v0123456789ab/talk.mp4', fileName: 'talk.mp4',
 *     declaredBytes: 52_428_800, expiresAt, createdAt } });
 */
export function createJobManifest({
  env,
  tenantId,
  jobId,
  correlationId,
  input,
  title,
  description,
  autoProcess,
  upload,
  status = input === undefined ? 'awaiting_upload' : 'uploaded',
  now,
}: CreateJobManifestOptions): JobManifest {
  const timestamp = now.toISOString();
  return prepareManifestForWrite({
    schemaVersion: MANIFEST_SCHEMA_VERSION,
    env,
    tenantId: assertValidId('tenantId', tenantId),
    jobId: assertValidId('jobId', jobId),
    version: 1,
    status,
    createdAt: timestamp,
    updatedAt: timestamp,
    correlationId,
    title,
    description,
    autoProcess,
    upload,
    input:
      input === undefined
        ? undefined
        : { ...input, fileName: input.fileName ?? input.key.split('/').at(-1) ?? input.key },
    steps: {},
    results: {},
  });
}
