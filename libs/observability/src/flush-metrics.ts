import type { Observability } from './service-observability';

/**
 * Publishes metrics added straight through `observability.metrics.addMetric(...)` (those from
 * `recordMetric` are already written). Call it once on every exit path of the handler; with
 * nothing stored it writes nothing, rather than Powertools' "no metrics" warning.
 *
 * @example
 * try { return await work() } finally { flushMetrics(observability) }
 */
export function flushMetrics(observability: Observability): void {
  if (observability.metrics.hasStoredMetrics()) observability.metrics.publishStoredMetrics();
}
