import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { captureOutput, type CapturedOutput } from '../tests/support/capture-output';
import { testContext } from '../tests/support/context';
import { stubLambdaExecutionEnv, stubPowertoolsEnv } from '../tests/support/powertools-env';
import {
  createServiceObservability,
  initObservability,
  withInvocation,
  type ObservabilityOptions,
} from './service-observability';
import { recordMetric } from './record-metric';

describe('Function: initObservability', () => {
  let output: CapturedOutput;

  beforeEach(() => {
    stubPowertoolsEnv();
    output = captureOutput();
  });

  afterEach(() => {
    output.restore();
    vi.unstubAllEnvs();
  });

  it('writes every log line with the context keys, service, level and timestamp', () => {
    // Prepare
    const { logger } = initObservability(testContext);

    // Act
    logger.info('Audio extracted', { bytes: 48_000 });

    // Assess
    const records = output.records();
    expect(records).toHaveLength(1);
    expect(records[0]?.stream).toBe('stdout');
    const line = records[0]?.record ?? {};
    expect(line).toMatchObject({
      level: 'INFO',
      message: 'Audio extracted',
      service: 'audio-extraction',
      correlationId: 'corr-7f3a',
      tenantId: 'acme',
      jobId: 'job-0042',
      step: 'audio-extraction',
      env: 'test',
      bytes: 48_000,
    });
    expect(Number.isNaN(Date.parse(String(line.timestamp)))).toBe(false);
  });

  it('keeps the context keys on warning and error lines', () => {
    // Prepare
    const { logger } = initObservability(testContext);

    // Act
    logger.warn('Disk nearly full');
    logger.error('Upload refused');

    // Assess
    const records = output.records();
    expect(records.map(({ stream }) => stream)).toEqual(['stderr', 'stderr']);
    for (const { record } of records) {
      expect(record).toMatchObject({
        service: 'audio-extraction',
        correlationId: 'corr-7f3a',
        tenantId: 'acme',
        jobId: 'job-0042',
        step: 'audio-extraction',
      });
    }
    expect(records.map(({ record }) => record.level)).toEqual(['WARN', 'ERROR']);
  });

  it.each([
    ['DEBUG', ['DEBUG', 'INFO', 'WARN']],
    ['WARN', ['WARN']],
  ] as const)('writes only lines at or above logLevel %s', (logLevel, expectedLevels) => {
    // Prepare
    const { logger } = initObservability({ ...testContext, logLevel });

    // Act
    logger.debug('Probing');
    logger.info('Probed');
    logger.warn('Odd stream layout');

    // Assess
    expect(output.logs().map((line) => line.level)).toEqual(expectedLevels);
  });

  it('writes metrics under the namespace it is given', () => {
    // Prepare
    const observability = initObservability({ ...testContext, namespace: 'reel-staging' });

    // Act
    recordMetric(observability, {
      name: 'StepDuration',
      value: 5,
      unit: 'Seconds',
      operation: 'extract',
    });

    // Assess
    expect(output.emf()[0]?._aws.CloudWatchMetrics[0]?.Namespace).toBe('reel-staging');
  });

  it("falls back to Powertools' POWERTOOLS_METRICS_NAMESPACE when given none", () => {
    // Prepare
    vi.stubEnv('POWERTOOLS_METRICS_NAMESPACE', 'reel-from-env');
    const observability = initObservability(testContext);

    // Act
    recordMetric(observability, {
      name: 'StepDuration',
      value: 5,
      unit: 'Seconds',
      operation: 'extract',
    });

    // Assess
    expect(output.emf()[0]?._aws.CloudWatchMetrics[0]?.Namespace).toBe('reel-from-env');
  });

  it('falls back to reel when neither the caller nor the environment names a namespace', () => {
    // Prepare
    const observability = initObservability(testContext);

    // Act
    recordMetric(observability, {
      name: 'StepDuration',
      value: 5,
      unit: 'Seconds',
      operation: 'extract',
    });

    // Assess
    expect(output.emf()[0]?._aws.CloudWatchMetrics[0]?.Namespace).toBe('reel');
    expect(output.logs()).toEqual([]);
  });

  it('leaves X-Ray off unless tracing is asked for, even inside Lambda', () => {
    // Prepare
    stubLambdaExecutionEnv();

    // Act
    const byDefault = initObservability(testContext);
    const asked = initObservability({ ...testContext, tracingEnabled: true });

    // Assess
    expect(byDefault.tracer.isTracingEnabled()).toBe(false);
    expect(asked.tracer.isTracingEnabled()).toBe(true);
  });

  it('returns the context it was given, without the options', () => {
    // Act
    const { context } = initObservability({ ...testContext, namespace: 'reel', logLevel: 'WARN' });

    // Assess
    expect(context).toEqual(testContext);
  });

  it.each(['service', 'correlationId', 'tenantId', 'jobId', 'step', 'env'] as const)(
    'rejects an empty %s with a TypeError naming it',
    (field) => {
      // Prepare
      const options: ObservabilityOptions = { ...testContext, [field]: '' };

      // Act
      const init = () => initObservability(options);

      // Assess
      expect(init).toThrow(TypeError);
      expect(init).toThrow(`Observability option ${field} must be a non-empty string`);
    },
  );

  it('rejects an empty namespace', () => {
    expect(() => initObservability({ ...testContext, namespace: '' })).toThrow(
      'Observability option namespace must be a non-empty string',
    );
  });
});

describe('Function: withInvocation', () => {
  let output: CapturedOutput;

  beforeEach(() => {
    stubPowertoolsEnv();
    output = captureOutput();
  });

  afterEach(() => {
    output.restore();
    vi.unstubAllEnvs();
  });

  it('keeps the job ids of two invocations running at once on their own log lines', async () => {
    // Prepare: one environment, as after a cold start
    const serviceObservability = createServiceObservability({ service: 'audio-extraction' });
    const { promise: bothStarted, resolve: startSecond } = Promise.withResolvers<void>();
    const invoke = (jobId: string, waitFor: Promise<void>) =>
      withInvocation(serviceObservability, { ...testContext, jobId }, async ({ logger }) => {
        logger.info('Step started');
        await waitFor;
        logger.info('Step succeeded', { jobIdSeen: jobId });
      });

    // Act: job-a starts, job-b starts and logs while job-a is still running
    const first = invoke('job-a', bothStarted);
    const second = invoke('job-b', Promise.resolve()).then(startSecond);
    await Promise.all([first, second]);

    // Assess
    const lines = output
      .logs()
      .map(({ message, jobId, jobIdSeen }) => ({ message, jobId, jobIdSeen }));
    expect(lines).toHaveLength(4);
    for (const line of lines.filter(({ jobIdSeen }) => jobIdSeen !== undefined)) {
      expect(line.jobId).toBe(line.jobIdSeen);
    }
    expect(lines.map(({ jobId }) => jobId).sort()).toEqual(['job-a', 'job-a', 'job-b', 'job-b']);
  });

  it('creates nothing per invocation: every invocation shares the environment trio', async () => {
    const serviceObservability = createServiceObservability({ service: 'job-status' });

    const seen = await Promise.all(
      ['job-1', 'job-2'].map((jobId) =>
        withInvocation(
          serviceObservability,
          { ...testContext, jobId },
          async (observability) => observability,
        ),
      ),
    );

    expect(seen.every(({ logger }) => logger === serviceObservability.logger)).toBe(true);
    expect(seen.every(({ metrics }) => metrics === serviceObservability.metrics)).toBe(true);
    expect(seen.map(({ context }) => context.jobId)).toEqual(['job-1', 'job-2']);
  });

  it('puts the Lambda request id where injectLambdaContext would', async () => {
    const serviceObservability = createServiceObservability({ service: 'job-status' });

    await withInvocation(
      serviceObservability,
      { ...testContext, requestId: 'req-7' },
      async ({ logger }) => logger.info('Job finalized'),
    );

    expect(output.logs()[0]).toMatchObject({
      function_request_id: 'req-7',
      jobId: testContext.jobId,
    });
  });

  it('writes lines outside any invocation without job keys', () => {
    const { logger } = createServiceObservability({ service: 'job-status' });

    logger.info('Cold start');

    expect(output.logs()[0]).toMatchObject({ message: 'Cold start', service: 'job-status' });
    expect(output.logs()[0]).not.toHaveProperty('jobId');
  });

  it('rejects an invocation context with an empty job id', async () => {
    const serviceObservability = createServiceObservability({ service: 'job-status' });

    await expect(
      withInvocation(serviceObservability, { ...testContext, jobId: '' }, async () => 'ran'),
    ).rejects.toThrow('Observability option jobId must be a non-empty string');
  });
});
