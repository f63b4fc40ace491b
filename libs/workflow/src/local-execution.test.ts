import { CorruptInputError, TransientError } from '@reel/error-taxonomy';
import type { ServiceName } from '@reel/service-presets';
import { describe, expect, it } from 'vitest';
import { localResourceFor, runWorkflowLocally } from './local-execution';
import { buildProcessingWorkflow } from './processing-workflow';

// The real ASL on the real executor (aws-local-stepfunctions); the services are test doubles that
// record their calls, so retry, catch and resume behaviour is checked without media work.
function recordingServices(failures: Partial<Record<ServiceName, Error[]>> = {}) {
  const calls: Array<{ service: ServiceName; payload: Record<string, unknown> }> = [];
  const invokeService = async (service: ServiceName, payload: unknown) => {
    calls.push({ service, payload: payload as Record<string, unknown> });
    const nextFailure = failures[service]?.shift();
    if (nextFailure) throw nextFailure;
    return { service, ok: true };
  };
  return { calls, invokeService };
}

const definition = buildProcessingWorkflow({ resourceFor: localResourceFor });
const input = {
  job: { env: 'dev', tenantId: 'acme', jobId: 'job-1', correlationId: 'c-1' },
  options: {},
  resumeFrom: 'validate',
};

describe('Function: runWorkflowLocally', () => {
  it('runs validate, audio extraction, transcription, cut planning, render, transcode and completion in order with the job ids', async () => {
    // Prepare
    const { calls, invokeService } = recordingServices();

    // Act
    const result = await runWorkflowLocally({ definition, input, invokeService });

    // Assess
    expect(result.status).toBe('SUCCEEDED');
    expect(calls.map(({ service }) => service)).toEqual([
      'media-validator',
      'audio-extraction',
      'transcription',
      'smart-cut-planner',
      'video-render-engine',
      'media-transcoder',
      'job-status',
    ]);
    expect(calls[1]!.payload).toEqual({ job: input.job, options: {}, step: 'audio-extraction' });
    expect(calls[5]!.payload).toEqual({
      job: input.job,
      options: {},
      step: 'media-transcoder',
      phase: 'prepare',
    });
    expect(calls[6]!.payload).toEqual({ job: input.job, action: 'complete' });
  });

  it('retries a step that fails with a retryable error, then completes', async () => {
    const { calls, invokeService } = recordingServices({
      'audio-extraction': [new TransientError('S3 hiccup')],
    });

    const result = await runWorkflowLocally({
      definition,
      input,
      invokeService,
      retryIntervalMs: 0,
    });

    expect(result.status).toBe('SUCCEEDED');
    expect(calls.filter(({ service }) => service === 'audio-extraction')).toHaveLength(2);
  });

  it('does not retry a non-retryable error and marks the job failed with its type', async () => {
    const { calls, invokeService } = recordingServices({
      'media-validator': [new CorruptInputError('moov atom not found')],
    });

    const result = await runWorkflowLocally({
      definition,
      input,
      invokeService,
      retryIntervalMs: 0,
    });

    expect(result).toMatchObject({ status: 'FAILED', error: { name: 'JobFailed' } });
    expect(calls.map(({ service }) => service)).toEqual(['media-validator', 'job-status']);
    const failure = calls[1]!.payload['failure'] as { Error: string; Cause: string };
    expect(failure.Error).toBe('CorruptInputError');
    expect(JSON.parse(failure.Cause)).toEqual({
      errorType: 'CorruptInputError',
      errorMessage: 'moov atom not found',
    });
  });

  it('resumes at the named step without re-running earlier ones', async () => {
    const { calls, invokeService } = recordingServices();

    await runWorkflowLocally({
      definition,
      input: { ...input, resumeFrom: 'video-render-engine' },
      invokeService,
    });

    expect(calls.map(({ service }) => service)).toEqual([
      'video-render-engine',
      'media-transcoder',
      'job-status',
    ]);
  });
});

describe('Function: runWorkflowLocally (a step that fans out)', () => {
  // The fanning service's prepare phase plans 3 chunks; each chunk Task takes 50 ms, so with
  // MaxConcurrency they overlap in time, and the finish Task runs after all of them.
  function fanOutServices({
    failChunk,
    fanning = 'video-render-engine',
  }: { failChunk?: number; fanning?: ServiceName } = {}) {
    const completions: unknown[] = [];
    const calls: Array<{ phase?: string; chunk?: number; startedMs: number; endedMs: number }> = [];
    const failures: unknown[] = [];
    const invokeService = async (service: ServiceName, payload: unknown) => {
      const event = payload as { phase?: string; chunk?: number; failure?: unknown };
      const startedMs = Date.now();
      if (service === 'job-status') {
        if (event.failure) failures.push(event.failure);
        else completions.push(payload);
        return { ok: true };
      }
      if (service !== fanning) return { ok: true };
      if (event.phase === 'chunk') await new Promise((resolve) => setTimeout(resolve, 50));
      calls.push({ phase: event.phase, chunk: event.chunk, startedMs, endedMs: Date.now() });
      if (event.phase === 'chunk' && event.chunk === failChunk)
        throw new CorruptInputError(`chunk ${failChunk} decoded short`);
      if (event.phase === 'prepare')
        return { chunked: true, chunkCount: 3, chunks: [{ index: 0 }, { index: 1 }, { index: 2 }] };
      return { step: fanning, status: 'succeeded', outputs: [] };
    };
    return { calls, completions, failures, invokeService };
  }

  it.each(['video-render-engine', 'media-transcoder'] as const)(
    'runs the chunk Tasks of the %s Map concurrently, then the finish Task, then completes',
    async (fanning) => {
      // Prepare
      const { calls, completions, invokeService } = fanOutServices({ fanning });

      // Act
      const result = await runWorkflowLocally({
        definition,
        input: { ...input, resumeFrom: fanning },
        invokeService,
      });

      // Assess
      expect(result.status).toBe('SUCCEEDED');
      expect(calls.map(({ phase }) => phase)).toEqual([
        'prepare',
        'chunk',
        'chunk',
        'chunk',
        'finish',
      ]);
      const chunks = calls.filter(({ phase }) => phase === 'chunk');
      expect(chunks.map(({ chunk }) => chunk).sort()).toEqual([0, 1, 2]);
      const lastStartMs = Math.max(...chunks.map(({ startedMs }) => startedMs));
      const firstEndMs = Math.min(...chunks.map(({ endedMs }) => endedMs));
      expect(lastStartMs).toBeLessThan(firstEndMs);
      expect(calls.at(-1)!.startedMs).toBeGreaterThanOrEqual(
        Math.max(...chunks.map(({ endedMs }) => endedMs)),
      );
      expect(completions).toEqual([{ job: input.job, action: 'complete' }]);
    },
  );

  it('sends a failed chunk through the abandon Task to MarkFailed with the chunk’s typed error', async () => {
    // Prepare
    const { calls, failures, invokeService } = fanOutServices({ failChunk: 1 });

    // Act
    const result = await runWorkflowLocally({
      definition,
      input: { ...input, resumeFrom: 'video-render-engine' },
      invokeService,
      retryIntervalMs: 0,
    });

    // Assess
    expect(result).toMatchObject({ status: 'FAILED', error: { name: 'JobFailed' } });
    expect(calls.map(({ phase }) => phase)).not.toContain('finish');
    expect(calls.at(-1)?.phase).toBe('abandon');
    expect(failures).toEqual([
      {
        Error: 'CorruptInputError',
        Cause: JSON.stringify({
          errorType: 'CorruptInputError',
          errorMessage: 'chunk 1 decoded short',
        }),
      },
    ]);
  });
});
