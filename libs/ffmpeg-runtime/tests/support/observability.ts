import { initObservability, type Observability } from '@reel/observability';
import { vi } from 'vitest';

/** A real Powertools trio for one made-up invocation. */
export function makeObservability(): Observability {
  return initObservability({
    service: 'ffmpeg-runtime-test',
    correlationId: 'corr-1',
    tenantId: 'tenant-a',
    jobId: 'job-1',
    step: 'test',
    env: 'test',
    namespace: 'reel-test',
  });
}

export interface EmfMetric {
  name: string;
  unit: string;
  value: number;
  dimensions: Record<string, string>;
}

/**
 * Captures the EMF blobs Powertools prints to stdout and reads them back as metrics, the way
 * CloudWatch would. Call `restore()` in `afterEach`.
 */
export function captureEmf(): { metrics: () => EmfMetric[]; restore: () => void } {
  const lines: string[] = [];
  const write = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: unknown) => {
    lines.push(String(chunk));
    return true;
  });
  return {
    restore: () => write.mockRestore(),
    metrics: () =>
      lines
        .flatMap((line) => line.split('\n'))
        .filter((line) => line.includes('"_aws"'))
        .flatMap((line) => {
          const blob = JSON.parse(line) as Record<string, unknown> & {
            _aws: {
              CloudWatchMetrics: {
                Dimensions: string[][];
                Metrics: { Name: string; Unit: string }[];
              }[];
            };
          };
          const [directive] = blob._aws.CloudWatchMetrics;
          const dimensionNames = directive?.Dimensions.flat() ?? [];
          const dimensions = Object.fromEntries(
            dimensionNames.map((name) => [name, String(blob[name])]),
          );
          return (directive?.Metrics ?? []).map(({ Name, Unit }) => ({
            name: Name,
            unit: Unit,
            value: Number(blob[Name]),
            dimensions,
          }));
        }),
  };
}

/** A stand-in X-Ray segment that records the subsegments opened on it. */
export function fakeTraceSegment() {
  const subsegments: {
    name: string;
    annotations: Record<string, unknown>;
    metadata: Record<string, unknown>;
    errors: unknown[];
    closed: boolean;
  }[] = [];
  const segment = {
    addNewSubsegment(name: string) {
      const record = {
        name,
        annotations: {},
        metadata: {},
        errors: [] as unknown[],
        closed: false,
      };
      subsegments.push(record);
      return {
        addAnnotation: (key: string, value: unknown) =>
          Object.assign(record.annotations, { [key]: value }),
        addMetadata: (key: string, value: unknown) =>
          Object.assign(record.metadata, { [key]: value }),
        addError: (error: unknown) => record.errors.push(error),
        close: () => {
          record.closed = true;
        },
      };
    },
  };
  return { segment, subsegments };
}
