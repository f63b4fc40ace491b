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
import { intakeFile } from '@reel/workflow';

/** A temp media store, and TMPDIR pointed at an empty folder so leftover scratch dirs show. */
export interface TestEnvironment {
  fixturesDir: string;
  dependencies: ServiceDependencies;
  /** Uploads `inputPath` as a new job's input and creates its manifest, as the CLI does. */
  createJob: (jobId: string, inputPath: string) => Promise<JobEventRef>;
  /** Names left in the scratch parent (TMPDIR); empty when every scratch dir was removed. */
  scratchLeft: () => Promise<string[]>;
  cleanup: () => Promise<void>;
}

/**
 * A throwaway local backend for a service's handler tests: media and manifests in a temp folder,
 * TMPDIR pointed at an empty folder (so scratch dirs left behind show up), jobs created the way
 * the CLI creates them. `cleanup` restores TMPDIR and removes everything.
 *
 * @example
 * const environment = await createTestEnvironment({ name: 'audio-extraction' });
 * const job = await environment.createJob('talk-1', clipPath);
 */
export async function createTestEnvironment({ name }: { name: string }): Promise<TestEnvironment> {
  const root = await mkdtemp(join(tmpdir(), `reel-${name}-test-`));
  const fixturesDir = join(root, 'fixtures');
  const scratchParent = join(root, 'tmp');
  await Promise.all([mkdir(fixturesDir), mkdir(scratchParent)]);
  const previousTmpdir = process.env.TMPDIR;
  process.env.TMPDIR = scratchParent;
  const dependencies = createServiceDependencies(
    loadConfig({ MEDIA_STORAGE_PATH: join(root, 'storage'), REEL_ENV: 'dev', LOG_LEVEL: 'ERROR' }),
  );
  return {
    fixturesDir,
    dependencies,
    createJob: async (jobId, inputPath) => {
      const job = { env: 'dev', tenantId: 'acme', jobId, correlationId: `corr-${jobId}` };
      await intakeFile({ ...dependencies, ...job, filePath: inputPath });
      return job;
    },
    scratchLeft: () => readdir(scratchParent),
    cleanup: async () => {
      if (previousTmpdir === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = previousTmpdir;
      await rm(root, { recursive: true, force: true });
    },
  };
}

export const lambdaContext: LambdaContextLike = {
  awsRequestId: 'test-request',
  getRemainingTimeInMillis: () => 120_000,
};
