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
  /**
   * Removes the job's manifest if the stored version is still `expectedVersion`; otherwise
   * `ConflictError`. A job that does not exist (deleted already) is not an error. Its objects and
   * run lease are the caller's to remove.
   */
  delete(ref: JobRef, options: { expectedVersion: number }): Promise<void>;
  /** One page of a tenant's jobs, newest first, optionally of one status. */
  listJobs(options: ListJobsOptions): Promise<ListJobsPage>;
  /**
   * Takes the job's run lease for `runId` with a conditional write: one run per job. Another run's
   * unexpired lease is a `ConflictError` naming that run and when it started; the same `runId`
   * gets its lease back unchanged; an expired lease (or, locally, one whose process on this host
   * has exited) is taken over. Kept apart from the manifest, so it never conflicts with its
   * `version`; the job need not exist yet.
   */
  acquireRunLease(ref: JobRef, options: AcquireRunLeaseOptions): Promise<RunLease>;
  /** The lease as stored (possibly expired), or `undefined` when no run holds one. */
  getRunLease(ref: JobRef): Promise<RunLease | undefined>;
  /** Gives the lease up if `runId` holds it; otherwise does nothing. */
  releaseRunLease(ref: JobRef, options: { runId: string }): Promise<void>;
}

/** Who runs a job now: one run at a time. Times are ISO 8601 UTC with milliseconds. */
export interface RunLease {
  /** The run's id: the Step Functions execution name on AWS, the local run id locally. */
  runId: string;
  acquiredAt: string;
  /** After this, another run may take the lease over (the run is presumed crashed). */
  expiresAt: string;
}

export interface AcquireRunLeaseOptions {
  /** 1–80 of `A-Z a-z 0-9 - _` (a valid Step Functions execution name). */
  runId: string;
  /** How long the lease holds without a release; the workflow's timeout (`RUN_LEASE_TTL_MS`). */
  ttlMs: number;
  /** The clock of this call; defaults to the store's. */
  now?: Date;
}

export const DEFAULT_LIST_LIMIT = 50;
export const MAX_LIST_LIMIT = 1000;
