import { toErrorInfo } from '@reel/error-taxonomy';
import type { Observability } from './service-observability';
import type { TraceSegment } from './service-tracer';

export interface SubsegmentOptions {
  /** The subsegment's name in the trace, e.g. `ffmpeg extract-audio`. */
  name: string;
  /** Indexed, searchable values (operation, tenant). */
  annotations?: Record<string, string | number | boolean>;
  /** Unindexed detail (argv, stderr tail), stored under the service's namespace. */
  metadata?: Record<string, unknown>;
}

type TraceSubsegment = ReturnType<TraceSegment['addNewSubsegment']>;

/**
 * Runs `work` inside an X-Ray subsegment of the current segment when tracing is enabled and a
 * segment exists; otherwise just runs it. Its result or error passes through unchanged, and
 * X-Ray trouble never fails the work: it is logged as a warning and the work runs untraced.
 *
 * The subsegment is not made the active segment: parallel calls (chunk encodes) would otherwise
 * overwrite each other's active segment and leave a closed one active. So every subsegment hangs
 * off the segment that was active when it opened, and AWS SDK calls made inside `work` appear
 * beside it rather than under it.
 *
 * @example
 * const result = await withSubsegment(
 *   observability,
 *   { name: 'ffmpeg extract-audio', annotations: { operation: 'extract-audio', tenant: tenantId }, metadata: { argv } },
 *   () => runFfmpeg({ argv, signal }),
 * )
 */
export async function withSubsegment<T>(
  observability: Observability,
  options: SubsegmentOptions,
  work: () => Promise<T>,
): Promise<T> {
  if (observability.tracer.isTracingEnabled()) await observability.tracer.ready();
  const subsegment = openSubsegment(observability, options);
  if (subsegment === undefined) return work();
  try {
    return await work();
  } catch (error) {
    bestEffort(observability, options.name, () =>
      subsegment.addError(error instanceof Error ? error : String(error)),
    );
    throw error;
  } finally {
    bestEffort(observability, options.name, () => subsegment.close());
  }
}

function openSubsegment(
  observability: Observability,
  { name, annotations = {}, metadata = {} }: SubsegmentOptions,
): TraceSubsegment | undefined {
  const { tracer, context } = observability;
  if (!tracer.isTracingEnabled()) return undefined;
  let subsegment: TraceSubsegment;
  try {
    const parent = tracer.getSegment();
    if (parent === undefined) return undefined;
    subsegment = parent.addNewSubsegment(name);
  } catch (error) {
    warnTracingFailed(observability, name, error);
    return undefined;
  }
  bestEffort(observability, name, () => {
    for (const [key, value] of Object.entries(annotations)) subsegment.addAnnotation(key, value);
    for (const [key, value] of Object.entries(metadata)) {
      subsegment.addMetadata(key, value, context.service);
    }
  });
  return subsegment;
}

function bestEffort(observability: Observability, name: string, tracing: () => void): void {
  try {
    tracing();
  } catch (error) {
    warnTracingFailed(observability, name, error);
  }
}

function warnTracingFailed(observability: Observability, name: string, error: unknown): void {
  observability.logger.warn('X-Ray subsegment incomplete; the work itself is unaffected', {
    subsegment: name,
    error: toErrorInfo(error),
  });
}
