import { mapWithConcurrency } from '@reel/concurrency';
import { toReelError } from '@reel/error-taxonomy';
import {
  ENV_PATTERN,
  assertValidId,
  buildManifestKey,
  readTextIfExists,
  replaceVersionedFile,
  withFileLock,
  type FileLockOptions,
} from '@reel/storage';
import { access, readdir, unlink } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import type { JobManifest } from './job-manifest-schema';
import { decodeCursor, encodeCursor } from './list-cursor';
import { acquireLocalRunLease, getLocalRunLease, releaseLocalRunLease } from './local-run-lease';
import type { JobRef, ListJobsOptions, ManifestStore } from './manifest-store';
import { parseStoredManifest } from './manifest-validation';
import {
  assertJobRef,
  assertListStatus,
  jobExistsError,
  missingJobError,
  prepareCreate,
  preparePut,
  resolveListLimit,
  staleVersionError,
} from './store-rules';

export interface LocalManifestStoreOptions {
  /** The storage root (`MEDIA_STORAGE_PATH`); manifests live at `{rootDir}/{env}/{tenantId}/{jobId}/manifest.json`. */
  rootDir: string;
  env: string;
  /** The clock that stamps `updatedAt`; injectable for tests. */
  now?: () => Date;
  /** Tuning for the per-manifest lock file. */
  lock?: FileLockOptions;
}

const RUN_LEASE_FILE = 'run-lease.json';
const CURSOR_FIELDS = ['createdAt', 'jobId'] as const;
const PARALLEL_READS = 64;

/**
 * A {@link ManifestStore} on the local file system, next to the job's media. Writes go to a temp
 * file renamed over `manifest.json`, so readers never see half a manifest; the version check and
 * the rename happen under an exclusive lock file, so writers in several processes cannot lose each
 * other's updates. `listJobs` reads every manifest of the tenant — fine for a laptop, not for
 * millions of jobs.
 *
 * @example
 * const store = createLocalManifestStore({ rootDir: './storage', env: 'dev' });
 * const manifest = await store.get({ tenantId: 'acme', jobId: 'ep-42' });
 */
export function createLocalManifestStore({
  rootDir,
  env,
  now = () => new Date(),
  lock,
}: LocalManifestStoreOptions): ManifestStore {
  if (typeof rootDir !== 'string' || rootDir.length === 0) {
    throw new TypeError('rootDir must be a non-empty path', { cause: { rootDir } });
  }
  if (typeof env !== 'string' || !ENV_PATTERN.test(env)) {
    throw new TypeError(`env must match ${ENV_PATTERN.source}`, { cause: { env } });
  }
  const root = resolve(rootDir);
  const parsed = createParsedManifestCache();

  function manifestPath(ref: JobRef): string {
    return join(root, ...buildManifestKey({ env, ...assertJobRef(ref) }).split('/'));
  }

  /** The run lease lives beside the manifest, in a file of its own (never under its version). */
  function leasePath(ref: JobRef): string {
    return join(dirname(manifestPath(ref)), RUN_LEASE_FILE);
  }

  return {
    async create(manifest) {
      const document = prepareCreate(manifest, env);
      const path = manifestPath(document);
      const text = await replaceVersionedFile({
        path,
        document,
        // Any stored manifest is at version 1 or later; creating one expects none (version 0).
        expectedVersion: 0,
        versionOf: (stored) => (stored === undefined ? 0 : 1),
        staleVersionError: () => jobExistsError(document),
        lock,
      });
      parsed.remember(path, text, document);
      return document;
    },

    async get(ref) {
      const path = manifestPath(ref);
      const text = await readTextIfExists(path);
      return text === undefined ? undefined : parsed.read(path, text);
    },

    async put(manifest, { expectedVersion }) {
      const document = preparePut(manifest, { storeEnv: env, expectedVersion, now: now() });
      const path = manifestPath(document);
      // Checked before locking: the lock file cannot be created in a job folder that does not exist.
      if (!(await fileExists(path))) throw missingJobError(document);
      const text = await replaceVersionedFile({
        path,
        document,
        expectedVersion,
        versionOf: (stored) => {
          if (stored === undefined) throw missingJobError(document);
          // Parsed (or known from an earlier parse of the same text) even though only the version
          // is compared: a damaged file is never overwritten.
          return parsed.read(path, stored).version;
        },
        staleVersionError: (versions) => staleVersionError(document, versions),
        lock,
      });
      parsed.remember(path, text, document);
      return document;
    },

    async delete(ref, { expectedVersion }) {
      const path = manifestPath(ref);
      if (!(await fileExists(path))) return;
      await withFileLock(
        `${path}.lock`,
        async () => {
          const text = await readTextIfExists(path);
          if (text === undefined) return;
          const stored = parsed.read(path, text);
          if (stored.version !== expectedVersion) {
            throw staleVersionError(ref, { expectedVersion, actualVersion: stored.version });
          }
          await unlink(path);
        },
        lock,
      );
    },

    async listJobs({ tenantId, status, limit, cursor }: ListJobsOptions) {
      const pageSize = resolveListLimit(limit);
      assertListStatus(status);
      const after = cursor === undefined ? undefined : decodeCursor(cursor, CURSOR_FIELDS);
      const tenantDir = join(root, env, assertValidId('tenantId', tenantId));
      const matching = (await readTenantManifests(tenantDir))
        .filter((manifest) => status === undefined || manifest.status === status)
        .sort(newestFirst)
        .filter((manifest) => after === undefined || newestFirst(manifest, after) > 0);
      const jobs = matching.slice(0, pageSize);
      const last = jobs.at(-1);
      return matching.length > pageSize && last !== undefined
        ? { jobs, nextCursor: encodeCursor({ createdAt: last.createdAt, jobId: last.jobId }) }
        : { jobs };
    },

    acquireRunLease(ref, options) {
      const path = leasePath(ref);
      return acquireLocalRunLease({ leasePath: path, ref, now, lock }, options);
    },

    getRunLease(ref) {
      return getLocalRunLease(leasePath(ref));
    },

    releaseRunLease(ref, options) {
      return releaseLocalRunLease({ leasePath: leasePath(ref), lock }, options);
    },
  };
}

async function readTenantManifests(tenantDir: string): Promise<JobManifest[]> {
  let entries;
  try {
    entries = await readdir(tenantDir, { withFileTypes: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw toReelError(error);
  }
  const jobDirs = entries.filter((entry) => entry.isDirectory()).map((entry) => entry.name);
  // A bounded number at once, so a tenant with thousands of jobs does not open thousands of files.
  const manifests = await mapWithConcurrency(
    jobDirs,
    { concurrency: PARALLEL_READS },
    async (jobDir) => {
      const path = join(tenantDir, jobDir, 'manifest.json');
      const text = await readTextIfExists(path);
      // Folders without a manifest (e.g. audio_clips) are not jobs.
      return text === undefined ? undefined : parseStoredManifest(text, { source: path });
    },
  );
  return manifests.filter((manifest) => manifest !== undefined);
}

/** Sort order of listJobs: newest `createdAt` first, then `jobId` descending for ties. */
function newestFirst(
  a: Pick<JobManifest, 'createdAt' | 'jobId'>,
  b: Pick<JobManifest, 'createdAt' | 'jobId'>,
): number {
  return compareText(b.createdAt, a.createdAt) || compareText(b.jobId, a.jobId);
}

function compareText(a: string, b: string): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}

async function fileExists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw toReelError(error);
  }
}

/** How many manifests' last text a store keeps parsed: a process works on a few jobs at a time. */
const PARSED_CACHE_SIZE = 32;

/**
 * The last text read or written per manifest file, with its parsed manifest: a step reads the
 * manifest, then writes it under the lock after re-reading the same text, then reads its own write
 * back; the schema check (the costly part of a read) runs once per distinct text instead of each
 * time. Text that differs in any byte is parsed afresh, so a damaged file is still refused.
 * Callers get their own copy.
 */
function createParsedManifestCache() {
  const entries = new Map<string, { text: string; manifest: JobManifest }>();
  function remember(path: string, text: string, manifest: JobManifest): void {
    entries.delete(path);
    entries.set(path, { text, manifest: structuredClone(manifest) });
    if (entries.size > PARSED_CACHE_SIZE) entries.delete(entries.keys().next().value as string);
  }
  return {
    remember,
    read(path: string, text: string): JobManifest {
      const known = entries.get(path);
      if (known?.text === text) return structuredClone(known.manifest);
      const manifest = parseStoredManifest(text, { source: path });
      remember(path, text, manifest);
      return manifest;
    },
  };
}
