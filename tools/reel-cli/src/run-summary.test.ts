import { loadConfig } from '@reel/config';
import { CorruptInputError, InvalidRequestError, toErrorInfo } from '@reel/error-taxonomy';
import { createJobManifest, type JobManifest } from '@reel/manifest';
import { describe, expect, it } from 'vitest';
import { summarizeRun } from './run-summary';

const config = loadConfig({ REEL_ENV: 'dev', MEDIA_STORAGE_PATH: '/srv/reel' }, { cwd: '/' });

function failedManifest(error: Error): JobManifest {
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
  return { ...manifest, status: 'failed', error: toErrorInfo(error) };
}

describe('Function: summarizeRun', () => {
  it('shows the error the manifest records for this run, with its own advice', () => {
    // Prepare
    const manifest = failedManifest(
      new CorruptInputError('talk.mp4: 26% of the audio could not be decoded', {
        advice: 'Upload the original file again.',
      }),
    );

    // Act
    const summary = summarizeRun(
      { config },
      {
        plan: { action: 'run', resumeFrom: 'audio-extraction', reason: 'resume' },
        manifest,
        workflow: { status: 'FAILED', error: { name: 'States.TaskFailed', message: 'older' } },
        durationMs: 1500,
      },
    );

    // Assess
    expect(summary).toMatch(/^✖ Job talk-1 failed in /);
    expect(summary).toContain(
      '  error     CORRUPT_INPUT: talk.mp4: 26% of the audio could not be decoded',
    );
    expect(summary).toContain('  advice    Upload the original file again.');
    expect(summary).not.toContain('older');
    expect(summary).not.toContain('re-run');
  });

  it('gives an invalid request that is not about ids no id advice', () => {
    // Prepare
    const manifest = failedManifest(
      new InvalidRequestError('segmentDurationSec 2 is out of range'),
    );

    // Act
    const summary = summarizeRun(
      { config },
      {
        plan: { action: 'run', resumeFrom: 'validate', reason: 'new' },
        manifest,
        durationMs: 10,
      },
    );

    // Assess
    expect(summary).toContain('  error     INVALID_REQUEST: segmentDurationSec 2 is out of range');
    expect(summary).toMatch(/ {2}advice {4}Fix the request/);
    expect(summary).not.toMatch(/\^\[a-z0-9\]/);
  });

  it("falls back to the workflow's own failure when the manifest recorded none, with a re-run hint", () => {
    // Prepare
    const manifest = { ...failedManifest(new Error('x')), error: undefined };

    // Act
    const summary = summarizeRun(
      { config },
      {
        plan: { action: 'run', resumeFrom: 'validate', reason: 'new' },
        manifest,
        workflow: {
          status: 'FAILED',
          error: {
            name: 'States.TaskFailed',
            message: JSON.stringify({ errorType: 'Error', errorMessage: 'host crashed' }),
          },
        },
        durationMs: 10,
      },
    );

    // Assess
    expect(summary).toContain(
      '  error     INTERNAL: The workflow failed without recording why (States.TaskFailed: host crashed)',
    );
    expect(summary).toContain('  re-run    npx reel run --tenant acme --job talk-1');
  });

  it("shows a step run again with its last attempt's time and number, and the outputs its earlier success left", () => {
    // Prepare: rendered in 18 s, then a re-render 8 min later failed after 18 s
    const manifest: JobManifest = {
      ...failedManifest(new CorruptInputError('bad frame')),
      run: { runId: 'run-2', startedAt: '2026-12-01T00:08:30.000Z' },
      steps: {
        'video-render-engine': {
          status: 'failed',
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
              status: 'failed',
              startedAt: '2026-12-01T00:08:33.000Z',
              finishedAt: '2026-12-01T00:08:51.000Z',
              durationMs: 18_000,
            },
          ],
          startedAt: '2026-12-01T00:00:00.000Z',
          finishedAt: '2026-12-01T00:08:51.000Z',
          durationMs: 531_000,
          outputs: [],
        },
      },
      results: {
        render: {
          videoKey: 'dev/acme/talk-1/renders/render.mp4',
          durationSec: 5.2,
        } as NonNullable<JobManifest['results']['render']>,
      },
    };

    // Act
    const summary = summarizeRun(
      { config },
      {
        plan: { action: 'run', resumeFrom: 'video-render-engine', reason: 'resume' },
        manifest,
        durationMs: 18_500,
      },
    );

    // Assess
    expect(summary).toMatch(/ {2}step video-render-engine {2}failed {2}18\.0 s {2}attempt 2/);
    expect(summary).not.toContain('8 min 51 s');
    expect(summary).toContain(
      '  outputs of video-render-engine attempt 1 (its last success, an earlier run; attempt 2 failed)',
    );
    expect(summary).toMatch(/ {4}dev\/acme\/talk-1\/renders\/render\.mp4 {4}5\.20 s/);
  });

  it('ends a transcoded job with its streams and a one-line way to play them', () => {
    // Prepare
    const base = failedManifest(new Error('x'));
    const transcode = {
      version: 'v1',
      hlsMasterKey: 'dev/acme/talk-1/renditions/cmaf/v1/master.m3u8',
      dashManifestKey: 'dev/acme/talk-1/renditions/cmaf/v1/manifest.mpd',
      segmentDurationSec: 4,
      video: [],
      chunkCount: 1,
      previousVersions: [],
    } as unknown as NonNullable<JobManifest['results']['transcode']>;
    const manifest: JobManifest = {
      ...base,
      status: 'completed',
      error: undefined,
      results: { transcode },
    };

    // Act
    const summary = summarizeRun(
      { config },
      { plan: { action: 'run', resumeFrom: 'validate', reason: 'new' }, manifest, durationMs: 10 },
    );

    // Assess
    expect(summary).toContain(
      '    dash  /srv/reel/dev/acme/talk-1/renditions/cmaf/v1/manifest.mpd',
    );
    expect(summary).toContain(
      '  play      ffplay /srv/reel/dev/acme/talk-1/renditions/cmaf/v1/master.m3u8',
    );
  });
});
