/**
 * The metrics every reel service emits, named once so dashboards, alarms and code agree.
 * `RealtimeFactor` is processing seconds per media second (below 1 is faster than real time).
 *
 * @example
 * recordMetric(observability, { name: metricNames.TmpSpaceUsed, value: bytes, unit: 'Bytes', operation: 'transcode' })
 */
export const metricNames = Object.freeze({
  FFmpegExecTime: 'FFmpegExecTime',
  TmpSpaceUsed: 'TmpSpaceUsed',
  StepDuration: 'StepDuration',
  RealtimeFactor: 'RealtimeFactor',
  Errors: 'Errors',
  RetryAttempts: 'RetryAttempts',
} as const);

/** One of {@link metricNames}. */
export type MetricName = (typeof metricNames)[keyof typeof metricNames];

/** The CloudWatch units reel's metrics use (a subset of Powertools' `MetricUnit`). */
export type MetricUnitName = 'Milliseconds' | 'Seconds' | 'Bytes' | 'Count' | 'None';
