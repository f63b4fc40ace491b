import { GuardrailExceededError, toErrorInfo } from '@reel/error-taxonomy';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { captureOutput, type CapturedOutput } from '../tests/support/capture-output';
import { testContext } from '../tests/support/context';
import { stubPowertoolsEnv } from '../tests/support/powertools-env';
import { initObservability } from './service-observability';
import { recordError } from './record-error';

describe('Function: recordError', () => {
  let output: CapturedOutput;

  beforeEach(() => {
    stubPowertoolsEnv();
    output = captureOutput();
  });

  afterEach(() => {
    output.restore();
    vi.unstubAllEnvs();
  });

  it('logs the failure as taxonomy data and returns that data', () => {
    // Prepare
    const observability = initObservability(testContext);
    const error = new GuardrailExceededError('Input is 7200 s long; the limit is 3600 s', {
      details: { limitSec: 3600, actualSec: 7200 },
    });

    // Act
    const info = recordError(observability, { error, operation: 'probe' });

    // Assess
    expect(info).toEqual(toErrorInfo(error));
    const errorLines = output.records().filter(({ record }) => record.level === 'ERROR');
    expect(errorLines).toHaveLength(1);
    expect(errorLines[0]?.stream).toBe('stderr');
    const line = errorLines[0]?.record ?? {};
    expect(line).toMatchObject({
      message: 'Operation failed',
      operation: 'probe',
      service: 'audio-extraction',
      correlationId: 'corr-7f3a',
      tenantId: 'acme',
      jobId: 'job-0042',
      step: 'audio-extraction',
      error: {
        type: 'GuardrailExceeded',
        code: 'GUARDRAIL_EXCEEDED',
        message: 'Input is 7200 s long; the limit is 3600 s',
        retryable: false,
        details: { limitSec: 3600, actualSec: 7200 },
      },
    });
    expect(line).not.toHaveProperty('stack');
    expect(JSON.stringify(line)).not.toMatch(/\n\s+at /);
  });

  it('counts the failure as Errors = 1 by ErrorType beside the base dimensions', () => {
    // Prepare
    const observability = initObservability(testContext);

    // Act
    recordError(observability, {
      error: Object.assign(new Error('No space left on device'), { code: 'ENOSPC' }),
      operation: 'transcode-1080p',
    });

    // Assess
    const [blob] = output.emf();
    expect(blob?._aws.CloudWatchMetrics).toEqual([
      {
        Namespace: 'reel',
        Dimensions: [
          ['Service', 'Operation', 'TenantId', 'Env'],
          ['Service', 'Operation', 'TenantId', 'Env', 'ErrorType'],
        ],
        Metrics: [{ Name: 'Errors', Unit: 'Count' }],
      },
    ]);
    expect(blob).toMatchObject({
      Errors: 1,
      ErrorType: 'TmpExhausted',
      Operation: 'transcode-1080p',
    });
  });

  it('adds the stack of an unexpected failure in its own field, not in the message', () => {
    // Prepare
    const observability = initObservability(testContext);
    const bug = new TypeError("Cannot read properties of undefined (reading 'streams')");

    // Act
    const info = recordError(observability, { error: bug, operation: 'probe' });

    // Assess
    expect(info.type).toBe('Internal');
    const line = output.logs().find((record) => record.level === 'ERROR') ?? {};
    expect(line.message).toBe('Operation failed');
    expect(line.stack).toBe(bug.stack);
    expect(line).toMatchObject({ error: { type: 'Internal', code: 'INTERNAL' } });
  });
});
