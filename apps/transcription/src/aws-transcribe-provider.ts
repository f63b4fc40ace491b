import {
  InternalError,
  TimeoutError,
  TransientError,
  errorClasses,
  isReelError,
  toReelError,
  type ErrorType,
  type ReelError,
} from '@reel/error-taxonomy';
import { createRetryPolicy, retry, type RetryOptions, type RetryPolicy } from '@reel/retry-policy';
import { mapTranscribeResult } from './map-transcribe-result';
import type { TranscribeApi, TranscribeJobView } from './transcribe-api';
import type { TranscriptionProvider } from './transcription-provider';

/** Options of {@link createAwsTranscribeProvider}. */
export interface AwsTranscribeProviderOptions {
  api: TranscribeApi;
  /** The media bucket: Transcribe reads the WAV from `s3://{bucket}/{wavKey}`. */
  bucket: string;
  /** Unique per attempt (Transcribe refuses a name it has seen): `[0-9a-zA-Z._-]`, ≤ 200. */
  jobName: string;
  /** The backoff between status polls; the deadline, not the attempts, ends the polling. */
  pollPolicy?: RetryPolicy;
  /** Injectable for tests, as in `retry`. */
  sleep?: RetryOptions['sleep'];
  random?: RetryOptions['random'];
}

/** Polls start at up to 2 s apart and settle at up to 15 s; a long job is ~1 poll per 7 s. */
export const DEFAULT_POLL_POLICY = createRetryPolicy({
  maxAttempts: 100_000,
  baseDelayMs: 2000,
  maxDelayMs: 15_000,
  backoffRate: 1.5,
});

// The job-level failure reasons Transcribe documents, matched here, at the edge, once.
const FAILURE_REASONS: ReadonlyArray<{ pattern: RegExp; type: ErrorType }> = [
  { pattern: /file size too large/i, type: 'GuardrailExceeded' },
  { pattern: /media format|sample rate|number of channels/i, type: 'UnsupportedMedia' },
];

// SDK errors toReelError does not know: throttling and server faults of Transcribe are retryable.
const TRANSCRIBE_ERROR_TYPES: Readonly<Record<string, ErrorType>> = {
  LimitExceededException: 'Transient',
  InternalFailureException: 'Transient',
  BadRequestException: 'InvalidRequest',
  ConflictException: 'Conflict',
};

/** A poll that found the job still queued or running: retried until the deadline. */
class TranscribeJobPendingError extends TransientError {
  constructor(status: string) {
    super(`The Transcribe job is ${status}`, { details: { status } });
    this.name = 'TranscribeJobPendingError';
  }
}

/**
 * AWS Transcribe as a provider: starts a job on the WAV in the media bucket, polls its status
 * with the retry policy's backoff until it completes or the deadline passes (TimeoutError), reads
 * the result document and maps it (`mapTranscribeResult`). A FAILED job becomes the matching
 * taxonomy error (UnsupportedMedia, GuardrailExceeded, else Internal) with Transcribe's reason.
 * Transcribe chunks long audio itself, so there is one "chunk".
 *
 * @example
 * const provider = createAwsTranscribeProvider({ api: createTranscribeApi({ region }), bucket, jobName });
 */
export function createAwsTranscribeProvider({
  api,
  bucket,
  jobName,
  pollPolicy = DEFAULT_POLL_POLICY,
  sleep,
  random,
}: AwsTranscribeProviderOptions): TranscriptionProvider {
  if (!/^[0-9a-zA-Z._-]{1,200}$/.test(jobName)) {
    throw new TypeError(`jobName must be 1–200 of [0-9a-zA-Z._-], got ${JSON.stringify(jobName)}`);
  }
  return {
    name: 'aws-transcribe',
    transcribe: async ({ wavKey, language, observability, deadlineAtMs, signal, onProgress }) => {
      await callTranscribe(() =>
        api.startTranscriptionJob(
          {
            TranscriptionJobName: jobName,
            LanguageCode: language,
            MediaFormat: 'wav',
            MediaSampleRateHertz: 16_000,
            Media: { MediaFileUri: `s3://${bucket}/${wavKey}` },
          },
          { signal },
        ),
      );
      observability.logger.info('Transcribe job started', { jobName });
      const job = await retry(
        async () => {
          const { TranscriptionJob: polled } = await callTranscribe(() =>
            api.getTranscriptionJob({ TranscriptionJobName: jobName }, { signal }),
          );
          const status = polled?.TranscriptionJobStatus ?? 'QUEUED';
          if (status === 'QUEUED' || status === 'IN_PROGRESS') {
            throw new TranscribeJobPendingError(status);
          }
          return polled as TranscribeJobView;
        },
        { policy: pollPolicy, deadlineAtMs, signal, sleep, random },
      ).catch((error: unknown) => {
        if (!(error instanceof TranscribeJobPendingError)) throw error;
        throw new TimeoutError(`The Transcribe job ${jobName} had not finished by the deadline`, {
          details: { jobName, status: error.details.status },
          advice:
            'Transcribe jobs take a fraction of the audio length; retry the step, or transcribe long media in parts.',
        });
      });
      if (job.TranscriptionJobStatus === 'FAILED') throw failedJobError(jobName, job.FailureReason);
      const uri = job.Transcript?.TranscriptFileUri;
      if (uri === undefined) {
        throw new InternalError(
          `The completed Transcribe job ${jobName} names no transcript file`,
          {
            details: { jobName },
          },
        );
      }
      const words = mapTranscribeResult(
        await callTranscribe(() => api.fetchTranscript(uri, { signal })),
      );
      onProgress({ chunksDone: 1, chunkCount: 1 });
      return words;
    },
  };
}

async function callTranscribe<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw toTranscribeError(error);
  }
}

function toTranscribeError(error: unknown): ReelError {
  if (isReelError(error)) return error;
  const name =
    typeof error === 'object' && error !== null ? (error as { name?: unknown }).name : undefined;
  const type = typeof name === 'string' ? TRANSCRIBE_ERROR_TYPES[name] : undefined;
  if (type === undefined) return toReelError(error);
  return new errorClasses[type](`AWS Transcribe: ${String((error as Error).message)}`, {
    cause: error,
  });
}

function failedJobError(jobName: string, failureReason = 'no reason given'): ReelError {
  const type =
    FAILURE_REASONS.find(({ pattern }) => pattern.test(failureReason))?.type ?? 'Internal';
  return new errorClasses[type](`The Transcribe job ${jobName} failed: ${failureReason}`, {
    details: { jobName, failureReason },
  });
}
