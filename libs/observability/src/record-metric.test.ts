import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { captureOutput, type CapturedOutput } from '../tests/support/capture-output';
import { testContext } from '../tests/support/context';
import { stubPowertoolsEnv } from '../tests/support/powertools-env';
import { flushMetrics } from './flush-metrics';
import { initObservability } from './service-observability';
import { metricNames } from './metric-names';
import { recordMetric, type MetricRecord } from './record-metric';

const baseDimensions = ['Service', 'Operation', 'TenantId', 'Env'];

describe('Function: recordMetric', () => {
  let output: CapturedOutput;

  beforeEach(() => {
    stubPowertoolsEnv();
    output = captureOutput();
  });

  afterEach(() => {
    output.restore();
    vi.unstubAllEnvs();
  });

  it('writes one EMF blob with the namespace, the four dimensions and the value', () => {
    // Prepare
    const observability = initObservability({ ...testContext, namespace: 'reel' });

    // Act
    recordMetric(observability, {
      name: metricNames.FFmpegExecTime,
      value: 1234,
      unit: 'Milliseconds',
      operation: 'extract-audio',
    });

    // Assess
    const blobs = output.emf();
    expect(blobs).toHaveLength(1);
    const [blob] = blobs;
    expect(blob?._aws.CloudWatchMetrics).toEqual([
      {
        Namespace: 'reel',
        Dimensions: [baseDimensions],
        Metrics: [{ Name: 'FFmpegExecTime', Unit: 'Milliseconds' }],
      },
    ]);
    expect(blob).toMatchObject({
      Service: 'audio-extraction',
      Operation: 'extract-audio',
      TenantId: 'acme',
      Env: 'test',
      FFmpegExecTime: 1234,
    });
    expect(blob).not.toHaveProperty('service');
    expect(output.records()[0]?.stream).toBe('stdout');
  });

  it('adds extra dimensions as a second dimension set beside the base four', () => {
    // Prepare
    const observability = initObservability(testContext);

    // Act
    recordMetric(observability, {
      name: metricNames.RetryAttempts,
      value: 1,
      unit: 'Count',
      operation: 'manifest-update',
      dimensions: { Store: 'dynamodb' },
    });

    // Assess
    const [blob] = output.emf();
    expect(blob?._aws.CloudWatchMetrics[0]?.Dimensions).toEqual([
      baseDimensions,
      [...baseDimensions, 'Store'],
    ]);
    expect(blob).toMatchObject({ Store: 'dynamodb', RetryAttempts: 1 });
  });

  it("keeps one metric's operation and dimensions out of the next", () => {
    // Prepare
    const observability = initObservability(testContext);

    // Act
    recordMetric(observability, {
      name: metricNames.TmpSpaceUsed,
      value: 7_340_032,
      unit: 'Bytes',
      operation: 'transcode-720p',
      dimensions: { Rendition: '720p' },
    });
    recordMetric(observability, {
      name: metricNames.RealtimeFactor,
      value: 0.42,
      unit: 'None',
      operation: 'transcode-480p',
    });

    // Assess
    const [first, second] = output.emf();
    expect(first).toMatchObject({
      Operation: 'transcode-720p',
      Rendition: '720p',
      TmpSpaceUsed: 7_340_032,
    });
    expect(second).toMatchObject({ Operation: 'transcode-480p', RealtimeFactor: 0.42 });
    expect(second).not.toHaveProperty('Rendition');
    expect(second).not.toHaveProperty('TmpSpaceUsed');
    expect(second?._aws.CloudWatchMetrics[0]?.Dimensions).toEqual([baseDimensions]);
  });

  it.each<[string, Partial<MetricRecord>, string]>([
    ['a value that is not a number', { value: Number.NaN }, 'value is not a finite number'],
    ['an empty operation', { operation: '' }, 'operation is empty'],
    [
      'a reserved dimension',
      { dimensions: { TenantId: 'other' } },
      'dimension TenantId is reserved',
    ],
    [
      'an empty dimension value',
      { dimensions: { Rendition: '' } },
      'dimension Rendition has no value',
    ],
  ])('skips %s with a warning instead of throwing', (_case, override, reason) => {
    // Prepare
    const observability = initObservability(testContext);
    const metric: MetricRecord = {
      name: metricNames.StepDuration,
      value: 10,
      unit: 'Milliseconds',
      operation: 'plan-cuts',
      ...override,
    };

    // Act
    recordMetric(observability, metric);

    // Assess
    expect(output.emf()).toEqual([]);
    expect(output.logs()).toEqual([
      expect.objectContaining({
        level: 'WARN',
        message: 'Metric skipped',
        metric: 'StepDuration',
        reason,
        correlationId: 'corr-7f3a',
      }),
    ]);
  });

  it('skips a metric Powertools refuses with a warning instead of throwing', () => {
    // Prepare
    const observability = initObservability(testContext);
    const tooManyDimensions = Object.fromEntries(
      Array.from({ length: 30 }, (_, index) => [`Extra${index}`, 'x']),
    );

    // Act
    recordMetric(observability, {
      name: metricNames.StepDuration,
      value: 10,
      unit: 'Milliseconds',
      operation: 'plan-cuts',
      dimensions: tooManyDimensions,
    });

    // Assess
    expect(output.emf()).toEqual([]);
    expect(output.logs()).toEqual([
      expect.objectContaining({
        level: 'WARN',
        message: 'Metric skipped',
        reason: expect.stringMatching(/dimensions/),
      }),
    ]);
  });
});

describe('Function: flushMetrics', () => {
  let output: CapturedOutput;

  beforeEach(() => {
    stubPowertoolsEnv();
    output = captureOutput();
  });

  afterEach(() => {
    output.restore();
    vi.unstubAllEnvs();
  });

  it('publishes metrics added through Powertools with the default dimensions', () => {
    // Prepare
    const observability = initObservability(testContext);
    observability.metrics.addMetric('StepDuration', 'Milliseconds', 900);
    observability.metrics.addMetric('RetryAttempts', 'Count', 2);

    // Act
    flushMetrics(observability);

    // Assess
    const blobs = output.emf();
    expect(blobs).toHaveLength(1);
    expect(blobs[0]?._aws.CloudWatchMetrics[0]).toMatchObject({
      Namespace: 'reel',
      Dimensions: [['Service', 'TenantId', 'Env']],
    });
    expect(blobs[0]).toMatchObject({
      StepDuration: 900,
      RetryAttempts: 2,
      Service: 'audio-extraction',
    });
  });

  it('writes nothing when nothing is stored', () => {
    // Prepare
    const observability = initObservability(testContext);

    // Act
    flushMetrics(observability);

    // Assess
    expect(output.records()).toEqual([]);
  });
});
