import { toErrorInfo, type ErrorInfo } from '@reel/error-taxonomy';
import type { Observability } from './service-observability';
import { metricNames } from './metric-names';
import { recordMetric } from './record-metric';

export interface RecordErrorOptions {
  error: unknown;
  /** What failed, e.g. `transcode-720p`; the `Operation` dimension of the `Errors` metric. */
  operation: string;
}

/**
 * Logs a failure as structured data — the taxonomy's {@link ErrorInfo} under `error`, never a
 * stack pasted into the message — and counts it: `Errors = 1` with the dimension `ErrorType`.
 * Only an `Internal` failure (a bug, not a known condition) also carries the original `stack`, in
 * its own field, because without it nobody can find the line that broke.
 *
 * @example
 * catch (error) {
 *   const info = recordError(observability, { error, operation: 'extract-audio' })
 *   return { status: 'failed', error: info }
 * }
 */
export function recordError(
  observability: Observability,
  { error, operation }: RecordErrorOptions,
): ErrorInfo {
  const info = toErrorInfo(error);
  const stack = info.type === 'Internal' && error instanceof Error ? error.stack : undefined;
  observability.logger.error('Operation failed', {
    operation,
    error: info,
    ...(stack === undefined ? {} : { stack }),
  });
  recordMetric(observability, {
    name: metricNames.Errors,
    value: 1,
    unit: 'Count',
    operation,
    dimensions: { ErrorType: info.type },
  });
  return info;
}
