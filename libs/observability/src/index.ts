export {
  createServiceObservability,
  initObservability,
  withInvocation,
} from './service-observability';
export type {
  Observability,
  ObservabilityContext,
  ObservabilityOptions,
  ServiceObservability,
  ServiceObservabilityOptions,
} from './service-observability';
export { metricNames } from './metric-names';
export type { MetricName, MetricUnitName } from './metric-names';
export { recordMetric } from './record-metric';
export type { MetricRecord } from './record-metric';
export { recordError } from './record-error';
export type { RecordErrorOptions } from './record-error';
export type { ServiceTracer, TraceSegment } from './service-tracer';
export { withSubsegment } from './with-subsegment';
export type { SubsegmentOptions } from './with-subsegment';
export { flushMetrics } from './flush-metrics';
