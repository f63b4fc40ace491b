import { InputMissingError } from '@reel/error-taxonomy';
import { describe, expect, it } from 'vitest';
import { createJobManifest } from './create-job-manifest';
import { requireJobInput } from './require-job-input';

const now = new Date('2026-01-01T00:00:00.000Z');

describe('Function: requireJobInput', () => {
  it('returns the input of a job that has one', () => {
    const manifest = createJobManifest({
      env: 'dev',
      tenantId: 'acme',
      jobId: 'ep-1',
      correlationId: 'c',
      now,
      input: { key: 'dev/acme/ep-1/input/talk.mp4', bytes: 10, sha256: 'b'.repeat(64) },
    });
    expect(requireJobInput(manifest)).toEqual({
      key: 'dev/acme/ep-1/input/talk.mp4',
      bytes: 10,
      sha256: 'b'.repeat(64),
      fileName: 'talk.mp4',
    });
  });

  it('fails a job awaiting its upload with InputMissingError naming the job and the pending upload', () => {
    // Prepare
    const manifest = createJobManifest({
      env: 'dev',
      tenantId: 'acme',
      jobId: 'v0123456789ab',
      correlationId: 'c',
      now,
      upload: {
        key: 'dev/acme/v0123456789ab/talk.mp4',
        fileName: 'talk.mp4',
        declaredBytes: 100,
        expiresAt: '2026-01-01T01:00:00.000Z',
        createdAt: '2026-01-01T00:00:00.000Z',
      },
    });

    // Act
    let thrown: unknown;
    try {
      requireJobInput(manifest);
    } catch (error) {
      thrown = error;
    }

    // Assess
    expect(thrown).toBeInstanceOf(InputMissingError);
    expect((thrown as InputMissingError).message).toBe(
      'Job v0123456789ab of tenant acme has no input yet: its upload has not arrived',
    );
    expect((thrown as InputMissingError).details).toEqual({
      tenantId: 'acme',
      jobId: 'v0123456789ab',
      status: 'awaiting_upload',
      uploadKey: 'dev/acme/v0123456789ab/talk.mp4',
      uploadExpiresAt: '2026-01-01T01:00:00.000Z',
    });
  });
});
