import { join } from 'node:path';
import { loadConfig } from '@reel/config';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as z from 'zod';
import { createJob, createLocalDependencies, lambdaContextWith } from '../tests/support/local-job';
import { createStepHandler } from './create-step-handler';
import {
  buildAtInit,
  createServiceDependencies,
  type ServiceDependencies,
} from './service-dependencies';

describe('Function: buildAtInit', () => {
  let dir: string;
  let dependencies: ServiceDependencies;
  let cleanup: () => Promise<void>;
  beforeEach(async () => ({ dir, dependencies, cleanup } = await createLocalDependencies()));
  afterEach(async () => cleanup());

  it('builds the dependencies when called (at import), once, and hands every invocation the same ones', async () => {
    // Prepare
    const job = await createJob(dependencies, { dir, jobId: 'init' });
    const seen: ServiceDependencies[] = [];
    let builds = 0;
    const built = buildAtInit(() => {
      builds += 1;
      return createServiceDependencies(
        loadConfig({ MEDIA_STORAGE_PATH: join(dir, 'storage'), REEL_ENV: 'dev' }),
        { service: 'audio-extraction' },
      );
    });
    const buildsBeforeInvocation = builds;
    const handler = createStepHandler({
      service: 'audio-extraction',
      step: 'audio-extraction',
      optionsSchema: z.object({}),
      dependencies: built,
      run: async ({ dependencies: deps }) => (seen.push(deps), { outputs: [] }),
    });

    // Act
    await handler({ job, options: {} }, lambdaContextWith(60_000));

    // Assess
    expect(buildsBeforeInvocation).toBe(1);
    expect(builds).toBe(1);
    expect(seen).toEqual([built()]);
  });

  it('keeps a bad config from failing the import and fails each invocation with its ConfigInvalidError', async () => {
    // Prepare
    const job = await createJob(dependencies, { dir, jobId: 'bad-config' });
    const built = buildAtInit(() =>
      createServiceDependencies(loadConfig({ REEL_ENV: 'dev', REEL_BACKEND: 'carrier-pigeon' }), {
        service: 'audio-extraction',
      }),
    );
    const handler = createStepHandler({
      service: 'audio-extraction',
      step: 'audio-extraction',
      optionsSchema: z.object({}),
      dependencies: built,
      run: async () => ({ outputs: [] }),
    });

    // Act
    const failures = await Promise.all(
      [1, 2].map(() =>
        handler({ job, options: {} }, lambdaContextWith(60_000)).catch((error: unknown) => error),
      ),
    );

    // Assess
    for (const failure of failures) {
      expect(failure).toMatchObject({
        name: 'ConfigInvalidError',
        message: expect.stringContaining('REEL_BACKEND'),
      });
    }
  });
});
