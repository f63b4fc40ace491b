import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { initObservability } from '@reel/observability';
import { describe, expect, it, vi } from 'vitest';
import { createAwsTranscribeProvider } from './aws-transcribe-provider';
import type { TranscribeApi, TranscribeJobView } from './transcribe-api';
import type { TranscribeRequest } from './transcription-provider';

const fixturePath = join(import.meta.dirname, '..', 'tests', 'fixtures', 'transcribe-result.json');
const resultUri =
  'https://s3.us-east-1.amazonaws.com/aws-transcribe-us-east-1-prod/123/result.json?X-Amz-Signature=abc';
const jobName = 'reel-dev-acme-ep-42-m3k9x2a1';

const observability = initObservability({
  service: 'transcription',
  correlationId: 'corr-1',
  tenantId: 'acme',
  jobId: 'ep-42',
  step: 'transcription',
  env: 'dev',
  logLevel: 'ERROR',
});

function request(overrides: Partial<TranscribeRequest> = {}): TranscribeRequest {
  return {
    wavPath: '/tmp/reel-x/audio-16k.wav',
    wavKey: 'dev/acme/ep-42/audio/audio-16k.wav',
    durationSec: 9.9,
    language: 'en-US',
    scratchDir: '/tmp/reel-x',
    onProgress: vi.fn(),
    observability,
    deadlineAtMs: Date.now() + 60_000,
    signal: new AbortController().signal,
    ...overrides,
  };
}

/** A Transcribe API whose status polls answer `statuses` in turn (the last one repeats). */
function mockApi(statuses: TranscribeJobView[], resultDocument: unknown = {}) {
  const polls = [...statuses];
  return {
    startTranscriptionJob: vi.fn<TranscribeApi['startTranscriptionJob']>(async (input) => ({
      TranscriptionJob: {
        TranscriptionJobName: input.TranscriptionJobName,
        TranscriptionJobStatus: 'QUEUED',
      },
    })),
    getTranscriptionJob: vi.fn<TranscribeApi['getTranscriptionJob']>(async () => ({
      TranscriptionJob: (polls.length > 1 ? polls.shift() : polls[0]) as TranscribeJobView,
    })),
    fetchTranscript: vi.fn<TranscribeApi['fetchTranscript']>(async () => resultDocument),
  } satisfies TranscribeApi;
}

const inProgress: TranscribeJobView = {
  TranscriptionJobName: jobName,
  TranscriptionJobStatus: 'IN_PROGRESS',
};
const completed: TranscribeJobView = {
  TranscriptionJobName: jobName,
  TranscriptionJobStatus: 'COMPLETED',
  Transcript: { TranscriptFileUri: resultUri },
};

describe('Function: createAwsTranscribeProvider', () => {
  it('starts a job on the WAV in the bucket, polls past IN_PROGRESS with backoff, then fetches and maps the result', async () => {
    // Prepare
    const document: unknown = JSON.parse(await readFile(fixturePath, 'utf8'));
    const api = mockApi([inProgress, inProgress, completed], document);
    const sleep = vi.fn(async (_delayMs: number) => undefined);
    const provider = createAwsTranscribeProvider({
      api,
      bucket: 'reel-media-prod',
      jobName,
      sleep,
      random: () => 0.5,
    });
    const onProgress = vi.fn();

    // Act
    const words = await provider.transcribe(request({ onProgress }));

    // Assess
    expect(provider.name).toBe('aws-transcribe');
    expect(api.startTranscriptionJob).toHaveBeenCalledOnce();
    expect(api.startTranscriptionJob.mock.calls[0]?.[0]).toEqual({
      TranscriptionJobName: jobName,
      LanguageCode: 'en-US',
      MediaFormat: 'wav',
      MediaSampleRateHertz: 16_000,
      Media: { MediaFileUri: 's3://reel-media-prod/dev/acme/ep-42/audio/audio-16k.wav' },
    });
    expect(api.getTranscriptionJob).toHaveBeenCalledTimes(3);
    expect(api.getTranscriptionJob).toHaveBeenCalledWith(
      { TranscriptionJobName: jobName },
      expect.objectContaining({ signal: expect.any(AbortSignal) }),
    );
    expect(sleep.mock.calls.map(([delayMs]) => delayMs)).toEqual([1000, 1500]);
    expect(api.fetchTranscript).toHaveBeenCalledWith(resultUri, expect.anything());
    const callOrder = [api.startTranscriptionJob, api.getTranscriptionJob, api.fetchTranscript].map(
      (mock) => mock.mock.invocationCallOrder[0],
    );
    expect(callOrder).toEqual([...callOrder].sort((a = 0, b = 0) => a - b));
    expect(words).toHaveLength(17);
    expect(words[4]).toEqual({ text: 'podcast.', startMs: 1530, endMs: 2240, confidence: 0.993 });
    expect(onProgress).toHaveBeenCalledWith({ chunksDone: 1, chunkCount: 1 });
  });

  it('turns a FAILED job into a typed error with Transcribe’s reason, and fetches nothing', async () => {
    // Prepare
    const api = mockApi([
      inProgress,
      {
        TranscriptionJobName: jobName,
        TranscriptionJobStatus: 'FAILED',
        FailureReason: 'The media format provided does not match the detected media format',
      },
    ]);
    const provider = createAwsTranscribeProvider({
      api,
      bucket: 'b-1',
      jobName,
      sleep: async () => undefined,
    });

    // Act
    const failure = await provider.transcribe(request()).catch((error: unknown) => error);

    // Assess
    expect(failure).toMatchObject({
      name: 'UnsupportedMediaError',
      code: 'UNSUPPORTED_MEDIA',
      message: expect.stringContaining('does not match the detected media format'),
      details: { jobName, failureReason: expect.any(String) },
    });
    expect(api.fetchTranscript).not.toHaveBeenCalled();
  });

  it('reports an unknown failure reason as InternalError', async () => {
    // Prepare
    const api = mockApi([{ TranscriptionJobStatus: 'FAILED', FailureReason: 'Something else' }]);
    const provider = createAwsTranscribeProvider({ api, bucket: 'b-1', jobName });

    // Act & Assess
    await expect(provider.transcribe(request())).rejects.toMatchObject({ name: 'InternalError' });
  });

  it('gives up with TimeoutError when the job is still running at the deadline', async () => {
    // Prepare
    const api = mockApi([inProgress]);
    const provider = createAwsTranscribeProvider({
      api,
      bucket: 'b-1',
      jobName,
      sleep: async () => undefined,
      random: () => 0.99,
    });

    // Act
    const failure = await provider
      .transcribe(request({ deadlineAtMs: Date.now() + 5000 }))
      .catch((error: unknown) => error);

    // Assess
    expect(failure).toMatchObject({
      name: 'TimeoutError',
      details: { jobName, status: 'IN_PROGRESS' },
    });
    expect(api.getTranscriptionJob.mock.calls.length).toBeGreaterThanOrEqual(2);
    expect(api.fetchTranscript).not.toHaveBeenCalled();
  });

  it('maps Transcribe throttling to a retryable TransientError', async () => {
    // Prepare
    const api = mockApi([completed]);
    api.startTranscriptionJob.mockRejectedValueOnce(
      Object.assign(new Error('Rate exceeded'), { name: 'LimitExceededException' }),
    );
    const provider = createAwsTranscribeProvider({ api, bucket: 'b-1', jobName });

    // Act & Assess
    await expect(provider.transcribe(request())).rejects.toMatchObject({
      name: 'TransientError',
      retryable: true,
    });
  });

  it('refuses a job name Transcribe would refuse', () => {
    expect(() =>
      createAwsTranscribeProvider({ api: mockApi([completed]), bucket: 'b', jobName: 'a/b' }),
    ).toThrow(TypeError);
  });
});
