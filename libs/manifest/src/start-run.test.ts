import { CorruptInputError, toErrorInfo } from '@reel/error-taxonomy';
import { describe, expect, it } from 'vitest';
import { createJobManifest } from './create-job-manifest';
import { jobManifestSchema } from './job-manifest-schema';
import { nextRunNumber, startRun } from './start-run';

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
      run: {
        runId: 'run-20260101000100-abcdef',
        startedAt: '2026-01-01T00:01:00.000Z',
        number: 1,
      },
      steps: failed.steps,
    });
    expect(started.error).toBeUndefined();
    expect(failed.error).toBeDefined();
    expect(jobManifestSchema.safeParse(started).success).toBe(true);
  });

  it('numbers each run one past the previous, so run numbers only grow', () => {
    // Prepare
    const created = createJobManifest({
      env: 'dev',
      tenantId: 'acme',
      jobId: 'ep-1',
      correlationId: 'c',
      now: new Date('2026-01-01T00:00:00.000Z'),
      input: { key: 'dev/acme/ep-1/input/source.mp4', bytes: 1, sha256: 'a'.repeat(64) },
    });

    // Act
    const first = startRun(created, { runId: 'r1', now: new Date('2026-01-01T00:01:00.000Z') });
    const second = startRun(first, { runId: 'r2', now: new Date('2026-01-01T00:02:00.000Z') });
    const third = startRun(second, { runId: 'r3', now: new Date('2026-01-01T00:03:00.000Z') });

    // Assess
    expect([
      nextRunNumber(created),
      first.run?.number,
      second.run?.number,
      third.run?.number,
    ]).toEqual([1, 1, 2, 3]);
    expect(nextRunNumber(third)).toBe(4);
  });

  it('counts a run recorded before run numbers as run 0, so the next is 1', () => {
    const legacy = { run: { runId: 'run-old', startedAt: '2025-01-01T00:00:00.000Z' } };
    expect(nextRunNumber(legacy)).toBe(1);
  });
});
