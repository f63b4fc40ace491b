import { CorruptInputError, TransientError } from '@reel/error-taxonomy';
import { StateMachine } from 'aws-local-stepfunctions';
import { describe, expect, it } from 'vitest';
import { createRetryPolicy, toStepFunctionsRetry } from '../src/index';

// The local runner executes the workflow with the same ASL as AWS; running the rendered Retry
// through it proves the fields validate and the taxonomy's errorType names match.
function runWorkflow(handler: () => Promise<unknown>) {
  const stateMachine = new StateMachine({
    StartAt: 'Work',
    States: {
      Work: {
        Type: 'Task',
        Resource: 'arn:aws:lambda:us-east-1:123456789012:function:work',
        Retry: toStepFunctionsRetry({ policy: createRetryPolicy({ maxAttempts: 3 }) }),
        End: true,
      },
    },
  });
  const execution = stateMachine.run(
    {},
    {
      overrides: {
        taskResourceLocalHandlers: { Work: handler as () => Promise<never> },
        retryIntervalOverrides: { Work: 0 },
      },
    },
  );
  return execution.result;
}

describe('Integration: rendered Retry in aws-local-stepfunctions', () => {
  it('retries a TransientError and succeeds on the third attempt', async () => {
    // Prepare
    let calls = 0;
    const handler = async () => {
      calls += 1;
      if (calls < 3) throw new TransientError('throttled');
      return { rendered: true };
    };

    // Act
    const result = await runWorkflow(handler);

    // Assess
    expect(result).toEqual({ rendered: true });
    expect(calls).toBe(3);
  });

  it('gives up after maxAttempts attempts in total', async () => {
    // Prepare
    let calls = 0;
    const handler = async () => {
      calls += 1;
      throw new TransientError('still throttled');
    };

    // Act
    const outcome = runWorkflow(handler);

    // Assess
    await expect(outcome).rejects.toThrow(/still throttled/);
    expect(calls).toBe(3);
  });

  it('does not retry a non-retryable error', async () => {
    // Prepare
    let calls = 0;
    const handler = async () => {
      calls += 1;
      throw new CorruptInputError('moov atom not found');
    };

    // Act
    const outcome = runWorkflow(handler);

    // Assess
    await expect(outcome).rejects.toThrow(/moov atom not found/);
    expect(calls).toBe(1);
  });
});
