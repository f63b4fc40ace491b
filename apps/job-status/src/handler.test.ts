import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CorruptInputError, toErrorInfo } from '@reel/error-taxonomy';
import type { LambdaContextLike, ServiceDependencies } from '@reel/lambda-kit';
import {
  createJobManifest,
  finishStepAttempt,
  startStepAttempt,
  updateManifest,
  type JobManifest,
} from '@reel/manifest';
import { createTestEnvironment, testBackends, type TestEnvironment } from '@reel/test-jobs';
import { createJobStatusHandler } from './handler';

const lambdaContext: LambdaContextLike = {
  awsRequestId: 'test-request',
  getRemainingTimeInMillis: () => 30_000,
};
const now = new Date('2030-01-01T00:00:00.000Z');

describe.each(testBackends)('job-status: the workflow’s finalize tasks (%s backend)', (backend) => {
  let environment: TestEnvironment;
  let dependencies: ServiceDependencies;
  let handler: ReturnType<typeof createJobStatusHandler>;

  beforeAll(async () => {
    environment = await createTestEnvironment({ name: 'job-status', backend });
    dependencies = environment.dependencies;
    handler = createJobStatusHandler(() => dependencies);
  });
  afterAll(async () => environment.cleanup());

  /** A processing job whose steps have been through `arrange` (the manifest helpers the steps use). */
  async function createJobWithSteps(
    jobId: string,
    arrange: (manifest: JobManifest) => JobManifest,
  ) {
    const job = {
      env: 'dev',
      tenantId: 'acme',
      jobId,
      correlationId: `corr-${jobId}`,
      runId: `run-${jobId}`,
    };
    await dependencies.manifests.create(
      createJobManifest({
        ...job,
        status: 'processing',
        now,
        input: { key: `dev/acme/${jobId}/input/talk.mp4`, bytes: 1024, sha256: 'a'.repeat(64) },
      }),
    );
    // As a run starts: its lease taken, the manifest naming it.
    await dependencies.manifests.acquireRunLease(job, { runId: job.runId, ttlMs: 60_000 });
    await updateManifest(dependencies.manifests, job, (manifest) =>
      arrange({ ...manifest, run: { runId: job.runId, startedAt: now.toISOString() } }),
    );
    return job;
  }
  const succeed = (manifest: JobManifest, step: string) =>
    finishStepAttempt(startStepAttempt(manifest, { step, now }), {
      step,
      status: 'succeeded',
      now,
    });
  const skipped = (manifest: JobManifest, step: string): JobManifest => ({
    ...manifest,
    steps: {
      ...manifest.steps,
      [step]: { status: 'skipped', attempts: [], outputs: [], finishedAt: now.toISOString() },
    },
  });
  const manifestOf = (jobId: string) => dependencies.manifests.get({ tenantId: 'acme', jobId });

  it('completes a job whose steps all succeeded or were skipped', async () => {
    // Prepare
    const job = await createJobWithSteps('all-done', (manifest) =>
      skipped(succeed(manifest, 'validate'), 'audio-extraction'),
    );

    // Act
    const response = await handler({ job, action: 'complete' }, lambdaContext);

    // Assess
    expect(response).toEqual({ status: 'completed' });
    const manifest = await manifestOf('all-done');
    expect(manifest?.status).toBe('completed');
    expect(manifest?.error).toBeUndefined();
  });

  it('fails a job the workflow completed while a step is not done, naming the step', async () => {
    // Prepare
    const job = await createJobWithSteps('not-done', (manifest) =>
      startStepAttempt(succeed(manifest, 'validate'), { step: 'audio-extraction', now }),
    );

    // Act
    const response = await handler({ job, action: 'complete' }, lambdaContext);

    // Assess
    expect(response).toEqual({ status: 'failed' });
    expect((await manifestOf('not-done'))?.error).toMatchObject({
      type: 'Internal',
      code: 'INTERNAL',
      message: expect.stringContaining('audio-extraction is running'),
      details: { step: 'audio-extraction', stepStatus: 'running' },
    });
  });

  it('records the failed step’s own error, with its code, advice and details', async () => {
    // Prepare
    const stepError = toErrorInfo(
      new CorruptInputError('ffprobe (probe) failed: moov atom not found', {
        details: { stderrTail: 'moov atom not found' },
      }),
    );
    const job = await createJobWithSteps('step-failed', (manifest) =>
      finishStepAttempt(startStepAttempt(manifest, { step: 'validate', now }), {
        step: 'validate',
        status: 'failed',
        error: stepError,
        now,
      }),
    );
    const failure = {
      Error: 'CorruptInputError',
      Cause: JSON.stringify({
        errorType: 'CorruptInputError',
        errorMessage: 'ffprobe (probe) failed: moov atom not found',
      }),
    };

    // Act
    const response = await handler({ job, action: 'fail', failure }, lambdaContext);

    // Assess
    expect(response).toEqual({ status: 'failed' });
    const manifest = await manifestOf('step-failed');
    expect(manifest?.status).toBe('failed');
    expect(manifest?.error).toEqual(stepError);
  });

  it('builds the error from the Cause when no step recorded one, and closes the step left running', async () => {
    // Prepare
    const job = await createJobWithSteps('lambda-stopped', (manifest) =>
      startStepAttempt(succeed(manifest, 'validate'), { step: 'audio-extraction', now }),
    );
    const failure = {
      Error: 'TimeoutError',
      Cause: JSON.stringify({
        errorType: 'TimeoutError',
        errorMessage: 'ffmpeg (extract-audio-mp3) was stopped at its deadline',
      }),
    };

    // Act
    await handler({ job, action: 'fail', failure }, lambdaContext);

    // Assess
    const manifest = await manifestOf('lambda-stopped');
    expect(manifest?.error).toMatchObject({
      type: 'Timeout',
      code: 'TIMEOUT',
      message: 'ffmpeg (extract-audio-mp3) was stopped at its deadline',
    });
    expect(manifest?.steps['audio-extraction']).toMatchObject({
      status: 'failed',
      error: { code: 'TIMEOUT' },
    });
    expect(manifest?.steps['validate']?.status).toBe('succeeded');
  });

  it('records a Cause it cannot read as an Internal error', async () => {
    // Prepare
    const job = await createJobWithSteps('unreadable-cause', (manifest) => manifest);

    // Act
    await handler(
      { job, action: 'fail', failure: { Error: 'Lambda.Unknown', Cause: 'The function crashed' } },
      lambdaContext,
    );

    // Assess
    expect((await manifestOf('unreadable-cause'))?.error).toMatchObject({
      type: 'Internal',
      message: expect.stringContaining('Lambda.Unknown: The function crashed'),
    });
  });

  it('records the same outcome when the workflow retries the task', async () => {
    // Prepare
    const job = await createJobWithSteps('retried', (manifest) => succeed(manifest, 'validate'));
    await handler({ job, action: 'complete' }, lambdaContext);

    // Act
    const response = await handler({ job, action: 'complete' }, lambdaContext);

    // Assess
    expect(response).toEqual({ status: 'completed' });
    expect((await manifestOf('retried'))?.status).toBe('completed');
  });

  it('refuses an unknown action as an invalid request', async () => {
    // Prepare
    const job = await createJobWithSteps('unknown-action', (manifest) => manifest);

    // Act
    const failure = await handler({ job, action: 'archive' }, lambdaContext).catch(
      (error: unknown) => error,
    );

    // Assess
    expect(failure).toMatchObject({
      name: 'InvalidRequestError',
      message: expect.stringContaining('action'),
    });
    expect((await manifestOf('unknown-action'))?.status).toBe('processing');
  });

  it('refuses a stale run’s MarkFailed once another run took the lease over, leaving that run’s job as it is', async () => {
    // Prepare: run-stale's lease expired, run-new took the job over and is running it
    const job = await createJobWithSteps('taken-over', (manifest) => succeed(manifest, 'validate'));
    const takeoverAt = new Date(Date.now() + 120_000);
    await dependencies.manifests.acquireRunLease(job, {
      runId: 'run-new',
      ttlMs: 60_000,
      now: takeoverAt,
    });
    await updateManifest(dependencies.manifests, job, (manifest) => {
      manifest.run = { runId: 'run-new', startedAt: takeoverAt.toISOString() };
    });
    const before = await manifestOf('taken-over');
    const failure = {
      Error: 'RunLeaseConflictError',
      Cause: JSON.stringify({
        errorType: 'RunLeaseConflictError',
        errorMessage: 'Run run-taken-over may not run the audio-extraction step',
      }),
    };

    // Act
    const refusal = await handler({ job, action: 'fail', failure }, lambdaContext).catch(
      (error: unknown) => error,
    );

    // Assess
    expect(refusal).toMatchObject({
      name: 'RunLeaseConflictError',
      code: 'CONFLICT',
      retryable: false,
      message: expect.stringContaining('run run-new holds it'),
    });
    const after = await manifestOf('taken-over');
    expect(after?.version).toBe(before?.version);
    expect(after?.status).toBe('processing');
    expect(after?.error).toBeUndefined();
    expect((await dependencies.manifests.getRunLease(job))?.runId).toBe('run-new');
  });

  it('refuses to complete a job for a run the manifest does not name once no lease is left', async () => {
    // Prepare: run-new finished and released the lease; run-old's MarkCompleted comes late
    const job = await createJobWithSteps('finished-by-other', (manifest) =>
      startStepAttempt(succeed(manifest, 'validate'), { step: 'audio-extraction', now }),
    );
    await dependencies.manifests.releaseRunLease(job, { runId: job.runId });
    await updateManifest(dependencies.manifests, job, (manifest) => {
      manifest.run = { runId: 'run-new', startedAt: now.toISOString() };
    });

    // Act
    const refusal = await handler({ job, action: 'complete' }, lambdaContext).catch(
      (error: unknown) => error,
    );

    // Assess
    expect(refusal).toMatchObject({
      name: 'RunLeaseConflictError',
      message: expect.stringContaining('no run holds it now'),
    });
    expect((await manifestOf('finished-by-other'))?.status).toBe('processing');
  });

  it('reports a job that does not exist as InputMissingError', async () => {
    // Act
    const failure = await handler(
      {
        job: { env: 'dev', tenantId: 'acme', jobId: 'nobody', correlationId: 'c', runId: 'run-1' },
        action: 'complete',
      },
      lambdaContext,
    ).catch((error: unknown) => error);

    // Assess
    expect(failure).toMatchObject({ name: 'InputMissingError', code: 'INPUT_MISSING' });
  });
});
