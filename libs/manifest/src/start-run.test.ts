import { CorruptInputError, toErrorInfo } from '@reel/error-taxonomy';
import { describe, expect, it } from 'vitest';
import { createJobManifest } from './create-job-manifest';
import { jobManifestSchema } from './job-manifest-schema';
import { startRun } from './start-run';

describe('Function: startRun', () => {
  it('queues the job, clears the last run’s error and names the new run, keeping step records', () => {
    // Prepare
    const failed = {
      ...createJobManifest({
        env: 'dev',
        tenantId: 'acme',
        jobId: 'ep-1',
        correlationId: 'c',
        status: 'failed',
        now: new Date('2026-01-01T00:00:00.000Z'),
        input: { key: 'dev/acme/ep-1/input/source.mp4', bytes: 1, sha256: 'a'.repeat(64) },
      }),
      error: toErrorInfo(new CorruptInputError('old')),
    };

    // Act
    const started = startRun(failed, {
      runId: 'run-20260101000100-abcdef',
      now: new Date('2026-01-01T00:01:00.000Z'),
    });

    // Assess
    expect(started).toMatchObject({
      status: 'queued',
      run: { runId: 'run-20260101000100-abcdef', startedAt: '2026-01-01T00:01:00.000Z' },
      steps: failed.steps,
    });
    expect(started.error).toBeUndefined();
    expect(failed.error).toBeDefined();
    expect(jobManifestSchema.safeParse(started).success).toBe(true);
  });
});
