import { afterEach, describe, expect, it, vi } from 'vitest';
import { TimeoutError } from '@reel/error-taxonomy';
import type { Tracer } from '@aws-lambda-powertools/tracer';
import { captureEmf, fakeTraceSegment, makeObservability } from '../tests/support/observability';
import { runProcess } from './run-process';

type TraceSegment = NonNullable<ReturnType<Tracer['getSegment']>>;

describe('Function: traceProcessRun (through runProcess)', () => {
  let emf: ReturnType<typeof captureEmf> | undefined;
  afterEach(() => {
    emf?.restore();
    vi.restoreAllMocks();
  });

  it('emits FFmpegExecTime in milliseconds with the Operation dimension', async () => {
    // Prepare
    const observability = makeObservability();
    emf = captureEmf();

    // Act
    const run = await runProcess({
      tool: 'ffmpeg',
      binaryPath: 'ffmpeg',
      args: ['-hide_banner', '-version'],
      operation: 'validate-version',
      observability,
    });

    // Assess
    const [metric] = emf.metrics().filter(({ name }) => name === 'FFmpegExecTime');
    expect(metric).toMatchObject({
      unit: 'Milliseconds',
      dimensions: {
        Service: 'ffmpeg-runtime-test',
        Operation: 'validate-version',
        TenantId: 'tenant-a',
        Env: 'test',
      },
    });
    expect(metric?.value).toBeCloseTo(run.durationMs, 0);
  });

  it('times failed runs too, but not binaries that never started', async () => {
    // Prepare
    const observability = makeObservability();
    emf = captureEmf();

    // Act
    await runProcess({
      tool: 'node',
      binaryPath: process.execPath,
      args: ['-e', 'process.exit(2)'],
      operation: 'fails',
      observability,
    }).catch(() => undefined);
    await runProcess({
      tool: 'ffmpeg',
      binaryPath: '/nonexistent/ffmpeg',
      args: [],
      operation: 'never-starts',
      observability,
    }).catch(() => undefined);

    // Assess
    const operations = emf.metrics().map(({ dimensions }) => dimensions.Operation);
    expect(operations).toEqual(['fails']);
  });

  it('traces the run in a subsegment with operation, tenant, argv and the final stderr tail', async () => {
    // Prepare
    const observability = makeObservability();
    const { segment, subsegments } = fakeTraceSegment();
    vi.spyOn(observability.tracer, 'isTracingEnabled').mockReturnValue(true);
    vi.spyOn(observability.tracer, 'getSegment').mockReturnValue(
      segment as unknown as TraceSegment,
    );
    emf = captureEmf();

    // Act
    const error = await runProcess({
      tool: 'node',
      binaryPath: process.execPath,
      args: ['-e', 'console.error("last words"); setInterval(() => {}, 1000)'],
      operation: 'render',
      deadlineAtMs: Date.now() + 500,
      observability,
    }).catch((thrown: unknown) => thrown);

    // Assess
    expect(error).toBeInstanceOf(TimeoutError);
    const [subsegment] = subsegments;
    expect(subsegment?.name).toBe('node render');
    expect(subsegment?.annotations).toEqual({ operation: 'render', tenant: 'tenant-a' });
    expect(JSON.parse(JSON.stringify(subsegment?.metadata))).toEqual({
      argv: [process.execPath, '-e', 'console.error("last words"); setInterval(() => {}, 1000)'],
      stderrTail: 'last words',
    });
    expect(subsegment?.errors).toEqual([error]);
    expect(subsegment?.closed).toBe(true);
  });
});
