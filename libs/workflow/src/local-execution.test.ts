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
  it('runs validate, audio extraction, transcription, cut planning, render and completion in order with the job ids', async () => {
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
      'job-status',
    ]);
    expect(calls[1]!.payload).toEqual({ job: input.job, options: {}, step: 'audio-extraction' });
    expect(calls[5]!.payload).toEqual({ job: input.job, action: 'complete' });
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

    expect(calls.map(({ service }) => service)).toEqual(['video-render-engine', 'job-status']);
  });
});
