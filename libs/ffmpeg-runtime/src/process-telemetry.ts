import { metricNames, recordMetric, withSubsegment, type Observability } from '@reel/observability';

/** What a finished (or failed) process run reports to its trace and metrics. */
export interface ProcessRunReport {
  durationMs: number;
  stderrTail: string;
}

/**
 * Runs `work` inside a tracer subsegment `<tool> <operation>` (annotations: operation, tenant;
 * metadata: argv and the stderr tail) and lets it report its duration as `FFmpegExecTime`
 * (milliseconds, dimension Operation). Without observability it just runs `work`.
 *
 * The subsegment's metadata is fixed when it opens, before the process has written anything, so
 * the stderr tail goes in as an object whose `toJSON` returns the tail reported at the end: X-Ray
 * serialises a subsegment when it closes, after `work`.
 */
export async function traceProcessRun<T>(
  observability: Observability | undefined,
  { tool, operation, argv }: { tool: string; operation: string; argv: readonly string[] },
  work: (report: (run: ProcessRunReport) => void) => Promise<T>,
): Promise<T> {
  if (!observability) return work(() => undefined);
  let stderrTail = '';
  return withSubsegment(
    observability,
    {
      name: `${tool} ${operation}`,
      annotations: { operation, tenant: observability.context.tenantId },
      metadata: { argv, stderrTail: { toJSON: () => stderrTail } },
    },
    () =>
      work((run) => {
        stderrTail = run.stderrTail;
        recordMetric(observability, {
          name: metricNames.FFmpegExecTime,
          value: run.durationMs,
          unit: 'Milliseconds',
          operation,
        });
      }),
  );
}
