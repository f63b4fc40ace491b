import { createJobManifest, finishStepAttempt, startRun, startStepAttempt } from '@reel/manifest';
import { toErrorInfo, CorruptInputError, TimeoutError } from '@reel/error-taxonomy';
import { describe, expect, it } from 'vitest';
import { failJob } from './finalize-job';

const now = new Date('2026-01-01T00:00:00.000Z');
const base = createJobManifest({
  env: 'dev',
  tenantId: 'acme',
  jobId: 'ep-1',
  correlationId: 'c',
  status: 'processing',
  now,
  input: { key: 'dev/acme/ep-1/input/source.mp4', bytes: 1, sha256: 'a'.repeat(64) },
});

describe('Function: failJob', () => {
  it('keeps the step’s recorded error when it is the failure the workflow caught', () => {
    // Prepare
    const recorded = toErrorInfo(
      new CorruptInputError('moov atom not found', { details: { input: 'x.mp4' } }),
    );
    const manifest = finishStepAttempt(startStepAttempt(base, { step: 'validate', now }), {
      step: 'validate',
      status: 'failed',
      error: recorded,
      now,
    });

    // Act
    const failed = failJob(manifest, {
      failure: {
        Error: 'CorruptInputError',
        Cause: JSON.stringify({
          errorType: 'CorruptInputError',
          errorMessage: 'moov atom not found',
        }),
      },
      now,
    });

    // Assess
    expect(failed.error).toEqual(recorded);
  });

  it('uses the caught failure, not an older run’s recorded error, when the step never reported', () => {
    // Prepare: an earlier run failed audio extraction; this run's validate step timed out silently.
    const stale = toErrorInfo(new CorruptInputError('old failure'));
    const earlier = finishStepAttempt(startStepAttempt(base, { step: 'audio-extraction', now }), {
      step: 'audio-extraction',
      status: 'failed',
      error: stale,
      now,
    });
    const manifest = startStepAttempt(earlier, { step: 'validate', now });

    // Act
    const failed = failJob(manifest, { failure: { Error: 'States.Timeout', Cause: '' }, now });

    // Assess
    expect(failed.status).toBe('failed');
    expect(failed.error?.type).toBe('Timeout');
    expect(failed.steps['validate']?.status).toBe('failed');
  });

  it('ignores a step error recorded before this run started, even of the same type', () => {
    // Prepare: the last run timed out in audio extraction; this run died there before recording.
    const earlier = finishStepAttempt(startStepAttempt(base, { step: 'audio-extraction', now }), {
      step: 'audio-extraction',
      status: 'failed',
      error: toErrorInfo(new TimeoutError('ffmpeg took too long in the last run')),
      now,
    });
    const manifest = startRun(earlier, {
      runId: 'run-20260101000100-abcdef',
      now: new Date('2026-01-01T00:01:00.000Z'),
    });

    // Act
    const failed = failJob(manifest, {
      failure: {
        Error: 'TimeoutError',
        Cause: JSON.stringify({
          errorType: 'TimeoutError',
          errorMessage: 'audio-extraction did not answer within its 300 s timeout',
        }),
      },
      now: new Date('2026-01-01T00:06:00.000Z'),
    });

    // Assess
    expect(failed.error).toMatchObject({
      type: 'Timeout',
      message: 'audio-extraction did not answer within its 300 s timeout',
    });
  });
});
