import { StateMachine } from 'aws-local-stepfunctions';
import { getServicePreset } from '@reel/service-presets';
import { createRetryPolicy, toStepFunctionsRetry } from '@reel/retry-policy';
import { describe, expect, it } from 'vitest';
import { localResourceFor } from './local-execution';
import { buildProcessingWorkflow } from './processing-workflow';
import { RUN_LEASE_TTL_MS, processingWorkflowTimeoutSec } from './run-lease-ttl';
import { processingSteps } from './workflow-steps';

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
    while (definition.States[stateName]!['Next']) {
      visited.push(stateName);
      stateName = definition.States[stateName]!['Next'] as string;
    }
    visited.push(stateName);
    expect(visited).toEqual([...processingSteps.map((step) => step.stateName), 'MarkCompleted']);
    expect(definition.States['MarkCompleted']!['End']).toBe(true);
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
    expect(definition.TimeoutSeconds).toBeLessThan(everyAttemptSec + 3600);
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
  });
});
