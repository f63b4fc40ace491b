import type { Tracer } from '@aws-lambda-powertools/tracer';

/** A segment or subsegment as the Powertools Tracer hands it out. */
export type TraceSegment = NonNullable<ReturnType<Tracer['getSegment']>>;

/**
 * The part of the Powertools Tracer reel uses. With tracing disabled it is a stand-in that traces
 * nothing and loads nothing; enabled, it forwards to a Powertools Tracer loaded with `import()`
 * when the environment is created. The X-Ray SDK keeps its context in async hooks that tax every
 * promise of the process, so an environment that does not trace must never load it.
 */
export interface ServiceTracer {
  isTracingEnabled(): boolean;
  /** Resolves once the Powertools Tracer is loaded; at once when tracing is disabled. */
  ready(): Promise<void>;
  /** The active segment; `undefined` without tracing, before {@link ready}, or outside Lambda. */
  getSegment(): TraceSegment | undefined;
  setSegment(segment: TraceSegment): void;
  /** The client, traced once the Tracer is loaded (the handler frame awaits {@link ready} first). */
  captureAWSv3Client<T>(client: T): T;
}

/**
 * The Tracer of one execution environment: a no-op stand-in unless `enabled`, else Powertools'
 * Tracer behind `import()`.
 *
 * @example
 * const tracer = createServiceTracer({ service: 'audio-extraction', enabled: config.tracingEnabled });
 * await tracer.ready();
 */
export function createServiceTracer({
  service,
  enabled,
}: {
  service: string;
  enabled: boolean;
}): ServiceTracer {
  if (!enabled) {
    return {
      isTracingEnabled: () => false,
      ready: () => Promise.resolve(),
      getSegment: () => undefined,
      setSegment: () => undefined,
      captureAWSv3Client: (client) => client,
    };
  }
  let tracer: Tracer | undefined;
  const loaded = import('./powertools-tracer').then(({ Tracer: PowertoolsTracer }) => {
    tracer = new PowertoolsTracer({ serviceName: service, enabled: true });
  });
  // Awaited by ready(); never an unhandled rejection in between.
  loaded.catch(() => undefined);
  return {
    // Until loaded, as asked; then as Powertools decides (it also turns itself off outside Lambda).
    isTracingEnabled: () => tracer?.isTracingEnabled() ?? true,
    ready: () => loaded,
    getSegment: () => tracer?.getSegment(),
    setSegment: (segment) => tracer?.setSegment(segment),
    captureAWSv3Client: (client) =>
      tracer === undefined ? client : tracer.captureAWSv3Client(client),
  };
}
