import { mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '@reel/config';
import {
  createServiceDependencies,
  type JobEventRef,
  type LambdaContextLike,
  type ServiceDependencies,
} from '@reel/lambda-kit';
import { ensureJobsTable } from '@reel/jobs-table';
import { startDynalite, startS3rver } from '@reel/test-servers';
import { RUN_LEASE_TTL_MS, createRunId, intakeFile } from '@reel/workflow';

/** Where a test environment keeps media and manifests: a folder, or S3 + DynamoDB stand-ins. */
export type TestBackend = 'local' | 'aws';

/** Both backends, for `describe.each(testBackends)`. */
export const testBackends: readonly TestBackend[] = ['local', 'aws'];

/** A temp media store, and TMPDIR pointed at an empty folder so leftover scratch dirs show. */
export interface TestEnvironment {
  backend: TestBackend;
  fixturesDir: string;
  dependencies: ServiceDependencies;
  /**
   * Uploads `inputPath` as a new job's input, creates its manifest and takes the job's run lease
   * for a new run, as the CLI does: the returned ref carries that `runId`. Tenant `acme` unless
   * `tenantId` says otherwise.
   */
  createJob: (
    jobId: string,
    inputPath: string,
    options?: { tenantId?: string },
  ) => Promise<JobEventRef>;
  /** Names left in the scratch parent (TMPDIR); empty when every scratch dir was removed. */
  scratchLeft: () => Promise<string[]>;
  cleanup: () => Promise<void>;
}

export interface TestEnvironmentOptions {
  /** Names the temp folder (`reel-{name}-test-…`). */
  name: string;
  /** `local` (default): a temp folder. `aws`: s3rver + dynalite on random loopback ports. */
  backend?: TestBackend;
}

/** s3rver's fixed credentials (dynalite takes any) and no instance metadata: nothing beyond loopback. */
const awsTestVariables = {
  AWS_ACCESS_KEY_ID: 'S3RVER',
  AWS_SECRET_ACCESS_KEY: 'S3RVER',
  AWS_EC2_METADATA_DISABLED: 'true',
} as const;

const jobsTable = 'reel-test-jobs';

/**
 * A throwaway backend for a service's handler tests, with TMPDIR pointed at an empty folder (so
 * scratch dirs left behind show up) and jobs created the way the CLI creates them. `local` keeps
 * media and manifests in a temp folder; `aws` starts s3rver and dynalite on random loopback ports,
 * creates the bucket and the jobs table, and builds the dependencies exactly as a handler does
 * with `REEL_BACKEND=aws` (fake credentials, metadata lookups off). `cleanup` stops the servers,
 * restores the environment variables it set and removes everything.
 *
 * @example
 * describe.each(testBackends)('audio-extraction on %s', (backend) => {
 *   beforeAll(async () => { environment = await createTestEnvironment({ name: 'audio-extraction', backend }); });
 * });
 */
export async function createTestEnvironment({
  name,
  backend = 'local',
}: TestEnvironmentOptions): Promise<TestEnvironment> {
  const root = await mkdtemp(join(tmpdir(), `reel-${name}-test-`));
  const fixturesDir = join(root, 'fixtures');
  const scratchParent = join(root, 'tmp');
  await Promise.all([mkdir(fixturesDir), mkdir(scratchParent)]);
  // Servers first: their folders and tsx's cache must not land in the watched scratch parent.
  const servers = backend === 'aws' ? await startAwsServers() : undefined;
  const restoreVariables = setVariables({
    TMPDIR: scratchParent,
    ...(servers === undefined ? {} : awsTestVariables),
  });
  const baseVariables = { REEL_ENV: 'dev', LOG_LEVEL: 'ERROR' };
  let dependencies: ServiceDependencies;
  try {
    if (servers !== undefined) {
      await ensureJobsTable({ client: servers.dynalite.client, tableName: jobsTable });
      dependencies = createServiceDependencies(
        loadConfig({
          ...baseVariables,
          REEL_BACKEND: 'aws',
          AWS_REGION: servers.s3.region,
          REEL_BUCKET: servers.s3.bucket,
          REEL_JOBS_TABLE: jobsTable,
          REEL_S3_ENDPOINT: servers.s3.endpoint,
          REEL_DYNAMODB_ENDPOINT: servers.dynalite.endpoint,
        }),
      );
    } else {
      dependencies = createServiceDependencies(
        loadConfig({ ...baseVariables, MEDIA_STORAGE_PATH: join(root, 'storage') }),
      );
    }
  } catch (error) {
    await servers?.stop();
    restoreVariables();
    await rm(root, { recursive: true, force: true });
    throw error;
  }
  return {
    backend,
    fixturesDir,
    dependencies,
    createJob: async (jobId, inputPath, { tenantId = 'acme' } = {}) => {
      const job = {
        env: 'dev',
        tenantId,
        jobId,
        correlationId: `corr-${jobId}`,
        runId: createRunId(),
      };
      await intakeFile({
        ...dependencies,
        ...job,
        filePath: inputPath,
        maxBytes: dependencies.runtime.guardrails.maxBytes,
      });
      await dependencies.manifests.acquireRunLease(job, {
        runId: job.runId,
        ttlMs: RUN_LEASE_TTL_MS,
      });
      return job;
    },
    scratchLeft: () => readdir(scratchParent),
    cleanup: async () => {
      await servers?.stop();
      restoreVariables();
      await rm(root, { recursive: true, force: true });
    },
  };
}

async function startAwsServers() {
  const [s3, dynalite] = await Promise.all([startS3rver(), startDynalite()]);
  return {
    s3,
    dynalite,
    stop: async () => {
      await Promise.all([s3.stop(), dynalite.close()]);
    },
  };
}

/** Sets the variables and returns a function that puts back what was there before. */
function setVariables(variables: Record<string, string>): () => void {
  const previous = Object.fromEntries(
    Object.keys(variables).map((name) => [name, process.env[name]]),
  );
  Object.assign(process.env, variables);
  return () => {
    for (const [name, value] of Object.entries(previous)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  };
}

export const lambdaContext: LambdaContextLike = {
  awsRequestId: 'test-request',
  getRemainingTimeInMillis: () => 120_000,
};
