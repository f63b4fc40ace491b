import { assertValidId } from '@reel/storage';
import {
  MANIFEST_SCHEMA_VERSION,
  type JobInput,
  type JobManifest,
  type JobStatus,
} from './job-manifest-schema';
import { prepareManifestForWrite } from './manifest-validation';

export interface CreateJobManifestOptions {
  env: string;
  tenantId: string;
  jobId: string;
  correlationId: string;
  /** `fileName` defaults to the last segment of `key`. */
  input: Omit<JobInput, 'fileName'> & { fileName?: string };
  /** Defaults to `uploaded`. */
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
 */
export function createJobManifest({
  env,
  tenantId,
  jobId,
  correlationId,
  input,
  status = 'uploaded',
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
    input: { ...input, fileName: input.fileName ?? input.key.split('/').at(-1) ?? input.key },
    steps: {},
    results: {},
  });
}
