import {
  createJobManifest,
  finishStepAttempt,
  startStepAttempt,
  type JobManifest,
} from '@reel/manifest';
import { describe, expect, it } from 'vitest';
import { planRun } from './run-plan';

const now = new Date('2026-01-01T00:00:00.000Z');
const queued = createJobManifest({
  env: 'dev',
  tenantId: 'acme',
  jobId: 'ep-1',
  correlationId: 'c',
  status: 'queued',
  now,
  input: { key: 'dev/acme/ep-1/input/source.mp4', bytes: 1, sha256: 'a'.repeat(64) },
});

function withStep(
  manifest: JobManifest,
  step: string,
  status: 'succeeded' | 'failed',
): JobManifest {
  const started = startStepAttempt(manifest, { step, now });
  return status === 'succeeded'
    ? finishStepAttempt(started, { step, status, now })
    : finishStepAttempt(started, {
        step,
        status,
        now,
        error: {
          type: 'Transient',
          code: 'TRANSIENT',
          message: 'x',
          advice: 'y',
          retryable: true,
          httpStatus: 503,
        },
      });
}

describe('Function: planRun', () => {
  it('starts a new job at the first step', () => {
    expect(planRun(queued)).toEqual({ action: 'run', resumeFrom: 'validate', reason: 'new' });
  });

  it('resumes a failed job at its first unfinished step', () => {
    const failed = {
      ...withStep(withStep(queued, 'validate', 'succeeded'), 'audio-extraction', 'failed'),
      status: 'failed' as const,
    };
    expect(planRun(failed)).toEqual({
      action: 'run',
      resumeFrom: 'audio-extraction',
      reason: 'resume',
    });
  });

  it('leaves a completed job alone unless forced', () => {
    const completed = { ...queued, status: 'completed' as const };
    expect(planRun(completed)).toEqual({ action: 'skip', reason: 'completed' });
    expect(planRun(completed, { force: true })).toEqual({
      action: 'run',
      resumeFrom: 'validate',
      reason: 'forced',
    });
  });
});
