import { createJobManifest } from '../../src/create-job-manifest';
import type { JobManifest, JobStatus } from '../../src/job-manifest-schema';

export const SAMPLE_SHA256 = 'a3f5'.repeat(16);

/** A valid version-1 manifest with a probed input, as ingest creates it. */
export function sampleManifest({
  env = 'test',
  tenantId,
  jobId,
  createdAt = new Date('2025-01-01T00:00:00.000Z'),
  status,
}: {
  env?: string;
  tenantId: string;
  jobId: string;
  createdAt?: Date;
  status?: JobStatus;
}): JobManifest {
  return createJobManifest({
    env,
    tenantId,
    jobId,
    status,
    correlationId: `corr-${jobId}`,
    now: createdAt,
    input: {
      key: `${env}/${tenantId}/${jobId}/input/source.mp4`,
      bytes: 2_048_000,
      sha256: SAMPLE_SHA256,
      contentType: 'video/mp4',
      probe: {
        formatName: 'mov,mp4,m4a,3gp,3g2,mj2',
        durationSec: 12.48,
        sizeBytes: 2_048_000,
        bitRate: 1_312_820,
        streams: [
          {
            index: 0,
            type: 'video',
            codecName: 'h264',
            width: 1280,
            height: 720,
            frameRate: 29.97,
          },
          { index: 1, type: 'audio', codecName: 'aac', sampleRateHz: 48_000, channels: 2 },
        ],
      },
    },
  });
}
