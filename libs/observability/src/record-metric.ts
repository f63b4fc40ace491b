import type { Observability } from './service-observability';
import type { MetricName, MetricUnitName } from './metric-names';

export interface MetricRecord {
  name: MetricName;
  value: number;
  unit: MetricUnitName;
  /** What was measured, e.g. `extract-audio`; the `Operation` dimension. */
  operation: string;
  /** Extra dimensions, e.g. `{ ErrorType: 'Transient' }`; they may not replace the base four. */
  dimensions?: Record<string, string>;
}

const baseDimensionNames = new Set(['Service', 'Operation', 'TenantId', 'Env']);

/**
 * Writes one metric at once as its own EMF blob under the dimensions
 * `Service, Operation, TenantId, Env`, so one operation's dimensions never leak into another
 * metric. With extra `dimensions` the blob carries two dimension sets — the base four, and the
 * base four plus the extras — so `Errors` can be alarmed on as a whole and broken down by
 * `ErrorType`. A metric that cannot be written is skipped with a warning log line: metrics never
 * fail the work they measure.
 *
 * @example
 * recordMetric(observability, {
 *   name: metricNames.FFmpegExecTime, value: elapsedMs, unit: 'Milliseconds', operation: 'extract-audio',
 * })
 */
export function recordMetric(observability: Observability, metric: MetricRecord): void {
  const { name, value, unit, operation, dimensions = {} } = metric;
  const { context, logger, metrics } = observability;
  const problem = findProblem(metric);
  if (problem !== undefined) {
    logger.warn('Metric skipped', { metric: name, operation, reason: problem });
    return;
  }
  try {
    const singleMetric = metrics.singleMetric();
    // A single metric starts with Powertools' lowercase `service` again; reel uses `Service`.
    singleMetric.clearDefaultDimensions();
    singleMetric.setDefaultDimensions({
      Service: context.service,
      Operation: operation,
      TenantId: context.tenantId,
      Env: context.env,
    });
    if (Object.keys(dimensions).length > 0) {
      // An empty set renders as the defaults alone: the base dimension set next to the extended one.
      singleMetric.addDimensions({});
      singleMetric.addDimensions(dimensions);
    }
    singleMetric.addMetric(name, unit, value);
  } catch (error) {
    logger.warn('Metric skipped', {
      metric: name,
      operation,
      reason: error instanceof Error ? error.message : String(error),
    });
  }
}

function findProblem({ value, operation, dimensions = {} }: MetricRecord): string | undefined {
  if (typeof value !== 'number' || !Number.isFinite(value)) return 'value is not a finite number';
  if (typeof operation !== 'string' || operation.length === 0) return 'operation is empty';
  for (const [dimensionName, dimensionValue] of Object.entries(dimensions)) {
    if (baseDimensionNames.has(dimensionName)) {
      return `dimension ${dimensionName} is reserved`;
    }
    if (typeof dimensionValue !== 'string' || dimensionValue.length === 0) {
      return `dimension ${dimensionName} has no value`;
    }
  }
  return undefined;
}
