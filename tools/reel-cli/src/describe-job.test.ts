import { CorruptInputError, toErrorInfo } from '@reel/error-taxonomy';
import { createJobManifest, type JobManifest } from '@reel/manifest';
import { describe, expect, it } from 'vitest';
import { describeJob, earlierStepOutputs, lastAttemptDurationMs } from './describe-job';

/** A job rendered once (18 s, before the latest run) and rendered again in the latest run. */
function reRenderedManifest(secondAttempt: 'succeeded' | 'failed'): JobManifest {
  const manifest = createJobManifest({
    env: 'dev',
    tenantId: 'acme',
    jobId: 'talk-1',
    correlationId: 'c-1',
    now: new Date('2026-12-01T00:00:00Z'),
    input: {
      key: 'dev/acme/talk-1/input/source-0123456789abcdef.mp4',
      bytes: 1000,
      sha256: '0123456789abcdef'.repeat(4),
      contentType: 'video/mp4',
    },
  });
  const failed = secondAttempt === 'failed';
  const error = toErrorInfo(new CorruptInputError('bad frame', { advice: 'Upload it again.' }));
  return {
    ...manifest,
    status: failed ? 'failed' : 'completed',
    run: { runId: 'run-2', startedAt: '2026-12-01T00:08:30.000Z' },
    steps: {
      'video-render-engine': {
        status: secondAttempt,
        attempts: [
          {
            attempt: 1,
            status: 'succeeded',
            startedAt: '2026-12-01T00:00:00.000Z',
            finishedAt: '2026-12-01T00:00:18.000Z',
            durationMs: 18_000,
          },
          {
            attempt: 2,
            status: secondAttempt,
            startedAt: '2026-12-01T00:08:33.000Z',
            finishedAt: '2026-12-01T00:08:51.000Z',
            durationMs: 18_000,
            ...(failed ? { error } : {}),
          },
        ],
        startedAt: '2026-12-01T00:00:00.000Z',
        finishedAt: '2026-12-01T00:08:51.000Z',
        durationMs: 531_000,
        outputs: failed
          ? []
          : [{ key: 'dev/acme/talk-1/renders/render.mp4', bytes: 2_000_000, durationSec: 5.2 }],
        ...(failed ? { error } : {}),
      },
    },
    results: {
      render: {
        videoKey: 'dev/acme/talk-1/renders/render.mp4',
        srtKey: 'dev/acme/talk-1/renders/render.srt',
        durationSec: 5.2,
      } as NonNullable<JobManifest['results']['render']>,
    },
  };
}

describe('Function: lastAttemptDurationMs', () => {
  it("gives a step run again its last attempt's time, not the time since its first", () => {
    expect(
      lastAttemptDurationMs(reRenderedManifest('succeeded').steps['video-render-engine']!),
    ).toBe(18_000);
  });
});

describe('Function: describeJob', () => {
  it("shows a re-rendered step's last attempt duration", () => {
    // Act
    const text = describeJob(reRenderedManifest('succeeded'));

    // Assess
    expect(text).toMatch(/video-render-engine {2}succeeded {2}2 attempts {2}18\.0 s/);
    expect(text).not.toContain('8 min 51 s');
  });

  it("lists a failed re-render's earlier outputs, saying they come from an earlier run", () => {
    // Act
    const text = describeJob(reRenderedManifest('failed'), {
      outputSizes: new Map([['dev/acme/talk-1/renders/render.mp4', 2_000_000]]),
    });

    // Assess
    expect(text).toContain(
      '  outputs of video-render-engine attempt 1 (its last success, an earlier run; attempt 2 failed)',
    );
    expect(text).toMatch(/ {4}dev\/acme\/talk-1\/renders\/render\.mp4 +1\.9 MiB +5\.20 s/);
    expect(text).toMatch(/ {4}dev\/acme\/talk-1\/renders\/render\.srt +missing/);
  });
});

describe('Function: earlierStepOutputs', () => {
  it('says nothing for a step whose last attempt succeeded', () => {
    expect(earlierStepOutputs(reRenderedManifest('succeeded'))).toEqual([]);
  });

  it('calls a success this run when the job has no later run', () => {
    // Prepare
    const manifest = { ...reRenderedManifest('failed'), run: undefined };

    // Act
    const [earlier] = earlierStepOutputs(manifest);

    // Assess
    expect(earlier).toMatchObject({ step: 'video-render-engine', attempt: 1, failedAttempt: 2 });
    expect(earlier?.fromEarlierRun).toBe(false);
  });
});
