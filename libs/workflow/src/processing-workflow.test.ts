import { StateMachine } from 'aws-local-stepfunctions';
import { getServicePreset } from '@reel/service-presets';
import { createRetryPolicy, toStepFunctionsRetry } from '@reel/retry-policy';
import { describe, expect, it } from 'vitest';
import { localResourceFor } from './local-execution';
import { buildProcessingWorkflow } from './processing-workflow';
import { RUN_LEASE_TTL_MS, processingWorkflowTimeoutSec } from './run-lease-ttl';
import { processingSteps, stepOfState } from './workflow-steps';

describe('Function: buildProcessingWorkflow', () => {
  const definition = buildProcessingWorkflow({ resourceFor: localResourceFor });

  it('is valid Amazon States Language', () => {
    // aws-local-stepfunctions validates with asl-validator (ARNs and JSONPaths included) on construction.
    expect(
      () =>
        new StateMachine(definition as never, {
          validationOptions: { checkArn: true, checkPaths: true },
        }),
    ).not.toThrow();
  });

  it('is rejected by the same validator when a state is broken', () => {
    const broken = {
      ...definition,
      States: { ...definition.States, ExtractAudio: { Type: 'Task' } },
    };
    expect(
      () => new StateMachine(broken as never, { validationOptions: { checkArn: true } }),
    ).toThrow();
  });

  it('runs every processing step in order, then marks the job completed', () => {
    let stateName = definition.States['RouteResume']!['Default'] as string;
    const visited: string[] = [];
    const nextOf = (state: Record<string, unknown>) =>
      (state['Next'] ?? state['Default']) as string | undefined;
    while (nextOf(definition.States[stateName]!)) {
      visited.push(stateName);
      stateName = nextOf(definition.States[stateName]!)!;
    }
    visited.push(stateName);
    expect(visited).toEqual([
      'ValidateInput',
      'ExtractAudio',
      'Transcribe',
      'PlanCuts',
      'RenderVideo',
      'RenderVideoChunked',
      'Transcode',
      'TranscodeChunked',
      'MarkCompleted',
    ]);
    expect(definition.States['MarkCompleted']!['End']).toBe(true);
  });

  it('fans the render out: a Choice on the prepare result, an inline Map of chunk Tasks, then finish', () => {
    // Assess
    expect(definition.States['RenderVideo']).toMatchObject({
      Parameters: { step: 'video-render-engine', phase: 'prepare' },
      ResultPath: '$.results.video_render_engine',
      Next: 'RenderVideoChunked',
    });
    expect(definition.States['RenderVideoChunked']).toMatchObject({
      Type: 'Choice',
      Choices: [
        {
          And: [
            { Variable: '$.results.video_render_engine.chunked', IsPresent: true },
            { Variable: '$.results.video_render_engine.chunked', BooleanEquals: true },
          ],
          Next: 'RenderVideoChunks',
        },
      ],
      Default: 'Transcode',
    });
    const map = definition.States['RenderVideoChunks']!;
    expect(map).toMatchObject({
      Type: 'Map',
      ItemsPath: '$.results.video_render_engine.chunks',
      ItemSelector: {
        'job.$': '$.job',
        phase: 'chunk',
        'chunk.$': '$$.Map.Item.Value.index',
        'chunkCount.$': '$.results.video_render_engine.chunkCount',
      },
      MaxConcurrency: 10,
      ResultPath: null,
      Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: '$.failure', Next: 'RenderVideoAbandon' }],
      Next: 'RenderVideoFinish',
    });
    const processor = map['ItemProcessor'] as {
      ProcessorConfig: unknown;
      States: Record<string, Record<string, unknown>>;
    };
    expect(processor.ProcessorConfig).toEqual({ Mode: 'INLINE' });
    expect(processor.States['RenderVideoChunk']).toMatchObject({
      Type: 'Task',
      Resource: localResourceFor('video-render-engine'),
      TimeoutSeconds: 900,
      Retry: toStepFunctionsRetry({}),
      End: true,
    });
    expect(definition.States['RenderVideoFinish']).toMatchObject({
      Parameters: { phase: 'finish', 'chunkCount.$': '$.results.video_render_engine.chunkCount' },
      ResultPath: '$.results.video_render_engine',
      Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: '$.failure', Next: 'MarkFailed' }],
      Next: 'Transcode',
    });
    expect(definition.States['RenderVideoAbandon']).toMatchObject({
      Parameters: { phase: 'abandon', 'failure.$': '$.failure' },
      ResultPath: null,
      Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: '$.abandonFailure', Next: 'MarkFailed' }],
      Next: 'MarkFailed',
    });
  });

  it('fans the transcode out the same way, on its own result path, then marks the job completed', () => {
    // Assess
    expect(definition.States['Transcode']).toMatchObject({
      Resource: localResourceFor('media-transcoder'),
      Parameters: { step: 'media-transcoder', phase: 'prepare' },
      ResultPath: '$.results.media_transcoder',
      Next: 'TranscodeChunked',
    });
    expect(definition.States['TranscodeChunked']).toMatchObject({
      Type: 'Choice',
      Choices: [{ Next: 'TranscodeChunks' }],
      Default: 'MarkCompleted',
    });
    const map = definition.States['TranscodeChunks']!;
    expect(map).toMatchObject({
      ItemsPath: '$.results.media_transcoder.chunks',
      MaxConcurrency: 10,
      Catch: [{ Next: 'TranscodeAbandon' }],
      Next: 'TranscodeFinish',
    });
    const processor = map['ItemProcessor'] as { States: Record<string, Record<string, unknown>> };
    expect(processor.States['TranscodeChunk']).toMatchObject({
      Resource: localResourceFor('media-transcoder'),
      TimeoutSeconds: 900,
      End: true,
    });
    expect(definition.States['TranscodeFinish']).toMatchObject({
      Parameters: { phase: 'finish', 'chunkCount.$': '$.results.media_transcoder.chunkCount' },
      Next: 'MarkCompleted',
    });
    expect(definition.States['TranscodeAbandon']).toMatchObject({
      Parameters: { phase: 'abandon', 'failure.$': '$.failure' },
      Next: 'MarkFailed',
    });
  });

  it('names each state once, including those inside the Map (Step Functions requires it)', () => {
    const names = Object.entries(definition.States).flatMap(([name, state]) => [
      name,
      ...Object.keys(
        (state['ItemProcessor'] as { States?: Record<string, unknown> } | undefined)?.States ?? {},
      ),
    ]);
    expect(new Set(names).size).toBe(names.length);
    expect(stepOfState('RenderVideoChunk')).toEqual({
      step: 'video-render-engine',
      number: 5,
      phase: 'chunk',
    });
    expect(stepOfState('TranscodeChunk')).toEqual({
      step: 'media-transcoder',
      number: 6,
      phase: 'chunk',
    });
    expect(stepOfState('Transcode')).toEqual({
      step: 'media-transcoder',
      number: 6,
      phase: 'prepare',
    });
    expect(stepOfState('TranscodeAbandon')?.phase).toBe('abandon');
    expect(stepOfState('MarkCompleted')).toBeUndefined();
  });

  it('gives every step the retry policy, the service timeout and a catch that marks the job failed', () => {
    const policy = createRetryPolicy({ maxAttempts: 4 });
    const withPolicy = buildProcessingWorkflow({
      resourceFor: localResourceFor,
      retryPolicy: policy,
    });
    for (const { stateName, service } of processingSteps) {
      const state = withPolicy.States[stateName]!;
      expect(state['Retry']).toEqual(toStepFunctionsRetry({ policy }));
      expect(state['TimeoutSeconds']).toBe(getServicePreset(service).timeoutSec);
      expect(state['Catch']).toEqual([
        { ErrorEquals: ['States.ALL'], ResultPath: '$.failure', Next: 'MarkFailed' },
      ]);
      expect(state['Resource']).toBe(localResourceFor(service));
    }
  });

  it('times the execution out once every step has used all its attempts, and leases a run longer', () => {
    // Prepare
    const retries = toStepFunctionsRetry({})[0]!.MaxAttempts;
    const stepTimeoutsSec = processingSteps.map(
      ({ service }) => getServicePreset(service).timeoutSec,
    );
    const everyAttemptSec = [...stepTimeoutsSec, getServicePreset('job-status').timeoutSec]
      .map((timeoutSec) => timeoutSec * (retries + 1))
      .reduce((sum, sec) => sum + sec, 0);

    // Assess
    expect(definition.TimeoutSeconds).toBe(processingWorkflowTimeoutSec());
    expect(definition.TimeoutSeconds).toBeGreaterThanOrEqual(everyAttemptSec);
    // The render's and the transcode's fan-outs each add a Map (7 task budgets) and finish: run-lease-ttl.test.ts
    const fanOutSec =
      8 *
      (retries + 1) *
      (getServicePreset('video-render-engine').timeoutSec +
        getServicePreset('media-transcoder').timeoutSec);
    expect(definition.TimeoutSeconds).toBeLessThan(everyAttemptSec + fanOutSec + 3600);
    expect(RUN_LEASE_TTL_MS).toBeGreaterThan(definition.TimeoutSeconds! * 1000);
  });

  it('retries only retryable error types', () => {
    const [retrier] = toStepFunctionsRetry({});
    expect(retrier!.ErrorEquals).toContain('TransientError');
    expect(retrier!.ErrorEquals).not.toContain('CorruptInputError');
    expect(retrier!.ErrorEquals).not.toContain('States.ALL');
  });

  it('routes a resumed job straight to the step it names', () => {
    const router = definition.States['RouteResume']!;
    expect(router['Choices']).toContainEqual({
      Variable: '$.resumeFrom',
      StringEquals: 'audio-extraction',
      Next: 'ExtractAudio',
    });
    expect(router['Choices']).toContainEqual({
      Variable: '$.resumeFrom',
      StringEquals: 'video-render-engine',
      Next: 'RenderVideo',
    });
    expect(router['Choices']).toContainEqual({
      Variable: '$.resumeFrom',
      StringEquals: 'media-transcoder',
      Next: 'Transcode',
    });
  });
});
