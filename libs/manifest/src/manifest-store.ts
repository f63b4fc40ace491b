import type { JobManifest, JobStatus } from './job-manifest-schema';

/** Names one job of one tenant; the store adds its own `env`. */
export interface JobRef {
  tenantId: string;
  jobId: string;
}

export interface ListJobsOptions {
  tenantId: string;
  /** Only jobs in this status. */
  status?: JobStatus;
  /** Page size, 1–1000; defaults to 50. */
  limit?: number;
  /** `nextCursor` from the previous page. */
  cursor?: string;
}

export interface ListJobsPage {
  /** Newest `createdAt` first. */
  jobs: JobManifest[];
  /** Present when more jobs follow; opaque. */
  nextCursor?: string;
}

/**
 * Where manifests live. Writes are optimistic: `put` carries the version it read and fails with
 * `ConflictError` when someone wrote in between — use {@link updateManifest} to re-read and retry.
 * Two implementations: `createLocalManifestStore` (files) and `createDynamoManifestStore`.
 *
 * @example
 * const created = await store.create(createJobManifest({ ... }));
 * const latest = await store.put({ ...created, status: 'queued' }, { expectedVersion: created.version });
 */
export interface ManifestStore {
  /** Writes version 1 of a new job; `ConflictError` if the job exists (idempotent job creation). */
  create(manifest: JobManifest): Promise<JobManifest>;
  /** The latest version, or `undefined` if there is no such job. */
  get(ref: JobRef): Promise<JobManifest | undefined>;
  /**
   * Writes `expectedVersion + 1` (and a fresh `updatedAt`) if the stored version is still
   * `expectedVersion`; otherwise `ConflictError`. `InputMissingError` if the job does not exist.
   */
  put(manifest: JobManifest, options: { expectedVersion: number }): Promise<JobManifest>;
  /** One page of a tenant's jobs, newest first, optionally of one status. */
  listJobs(options: ListJobsOptions): Promise<ListJobsPage>;
}

export const DEFAULT_LIST_LIMIT = 50;
export const MAX_LIST_LIMIT = 1000;
