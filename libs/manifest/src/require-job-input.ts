import { InputMissingError } from '@reel/error-taxonomy';
import type { JobInput, JobManifest } from './job-manifest-schema';

/**
 * The job's input, or `InputMissingError` when it has none yet — a job the video API created
 * before its upload arrived (`awaiting_upload`). Every step and tool reads the input through it
 * rather than `manifest.input`, so processing such a job fails typed (not a TypeError deep
 * inside a step) with advice the caller can act on.
 *
 * @example
 * const { key, bytes, fileName } = requireJobInput(manifest);
 */
export function requireJobInput(
  manifest: Pick<JobManifest, 'tenantId' | 'jobId' | 'status' | 'input' | 'upload'>,
): JobInput {
  if (manifest.input !== undefined) return manifest.input;
  throw new InputMissingError(
    `Job ${manifest.jobId} of tenant ${manifest.tenantId} has no input yet: its upload has not arrived`,
    {
      details: {
        tenantId: manifest.tenantId,
        jobId: manifest.jobId,
        status: manifest.status,
        ...(manifest.upload === undefined
          ? {}
          : { uploadKey: manifest.upload.key, uploadExpiresAt: manifest.upload.expiresAt }),
      },
      advice:
        'Upload the file to the URL the video was created with (or complete its multipart upload), then process the video again.',
    },
  );
}
