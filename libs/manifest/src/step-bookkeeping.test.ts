import { InvalidRequestError, TransientError, toErrorInfo } from '@reel/error-taxonomy';
import { describe, expect, it } from 'vitest';
import { createJobManifest } from './create-job-manifest';
import { jobManifestSchema } from './job-manifest-schema';
import { finishStepAttempt, skipStep, startStepAttempt } from './step-bookkeeping';

const at = (seconds: number) => new Date(Date.UTC(2025, 0, 1, 0, 0, seconds));
const step = 'audio-extraction';
const manifest = createJobManifest({
  env: 'dev',
  tenantId: 'acme',
  jobId: 'ep-42',
  correlationId: 'req-1',
  now: at(0),
  input: { key: 'dev/acme/ep-42/input/talk.mp4', bytes: 10, sha256: 'c'.repeat(64) },
});
const mp3 = {
  key: 'dev/acme/ep-42/audio/audio.mp3',
  bytes: 4096,
  contentType: 'audio/mpeg',
  durationSec: 12.5,
};

describe('Function: startStepAttempt', () => {
  it('creates the step and its first running attempt without touching the original', () => {
    // Act
    const started = startStepAttempt(manifest, { step, now: at(1) });

    // Assess
    expect(started.steps[step]).toEqual({
      status: 'running',
      startedAt: at(1).toISOString(),
      attempts: [{ attempt: 1, status: 'running', startedAt: at(1).toISOString() }],
      outputs: [],
    });
    expect(manifest.steps).toEqual({});
    expect(jobManifestSchema.safeParse(started).success).toBe(true);
  });

  it('closes an attempt that never reported back as failed when the next one starts', () => {
    // Act
    const restarted = startStepAttempt(startStepAttempt(manifest, { step, now: at(1) }), {
      step,
      now: at(31),
    });

    // Assess
    const [first, second] = restarted.steps[step]?.attempts ?? [];
    expect(first).toMatchObject({
      attempt: 1,
      status: 'failed',
      finishedAt: at(31).toISOString(),
      durationMs: 30_000,
      error: { type: 'Internal' },
    });
    expect(second).toEqual({ attempt: 2, status: 'running', startedAt: at(31).toISOString() });
    expect(restarted.steps[step]?.startedAt).toBe(at(1).toISOString());
  });

  it('rejects a step name that is not kebab-case', () => {
    expect(() => startStepAttempt(manifest, { step: 'Audio Extraction', now: at(1) })).toThrow(
      InvalidRequestError,
    );
  });
});

describe('Function: finishStepAttempt', () => {
  it('records a success with outputs and durations on the attempt and the step', () => {
    // Prepare
    const started = startStepAttempt(manifest, { step, now: at(1) });

    // Act
    const finished = finishStepAttempt(started, {
      step,
      status: 'succeeded',
      outputs: [mp3],
      now: at(4),
    });

    // Assess
    expect(finished.steps[step]).toEqual({
      status: 'succeeded',
      startedAt: at(1).toISOString(),
      finishedAt: at(4).toISOString(),
      durationMs: 3000,
      outputs: [mp3],
      attempts: [
        {
          attempt: 1,
          status: 'succeeded',
          startedAt: at(1).toISOString(),
          finishedAt: at(4).toISOString(),
          durationMs: 3000,
        },
      ],
    });
    expect(started.steps[step]?.status).toBe('running');
  });

  it('records a failure with its typed error, then a retry that succeeds clears it', () => {
    // Prepare
    const error = toErrorInfo(new TransientError('S3 SlowDown'));
    const failed = finishStepAttempt(startStepAttempt(manifest, { step, now: at(1) }), {
      step,
      status: 'failed',
      error,
      now: at(2),
    });

    // Act
    const retried = finishStepAttempt(startStepAttempt(failed, { step, now: at(5) }), {
      step,
      status: 'succeeded',
      outputs: [mp3],
      now: at(9),
    });

    // Assess
    expect(failed.steps[step]).toMatchObject({ status: 'failed', error });
    expect(failed.steps[step]?.attempts[0]?.error).toEqual(error);
    expect(retried.steps[step]?.status).toBe('succeeded');
    expect(retried.steps[step]?.error).toBeUndefined();
    expect(retried.steps[step]?.durationMs).toBe(8000);
    expect(retried.steps[step]?.attempts.map((attempt) => attempt.status)).toEqual([
      'failed',
      'succeeded',
    ]);
  });

  it('never records a negative duration when clocks disagree', () => {
    const started = startStepAttempt(manifest, { step, now: at(10) });
    const finished = finishStepAttempt(started, { step, status: 'succeeded', now: at(9) });
    expect(finished.steps[step]?.attempts[0]?.durationMs).toBe(0);
  });

  it('throws InvalidRequestError when the step has no running attempt', () => {
    expect(() => finishStepAttempt(manifest, { step, status: 'succeeded', now: at(1) })).toThrow(
      `Step ${step} has no running attempt to finish`,
    );
  });
});

describe('Function: skipStep', () => {
  it('marks a step that will not run as skipped', () => {
    const skipped = skipStep(manifest, { step: 'transcription', now: at(3) });
    expect(skipped.steps.transcription).toEqual({
      status: 'skipped',
      finishedAt: at(3).toISOString(),
      attempts: [],
      outputs: [],
    });
  });
});
