import { AsyncLocalStorage } from 'node:async_hooks';
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { InvocationLogFormatter } from './invocation-log-formatter';
import { resolveNamespace } from './resolve-namespace';
import { createServiceTracer, type ServiceTracer } from './service-tracer';

/** Who is doing what for whom: carried on every log line and, in part, on every metric. */
export interface ObservabilityContext {
  /** The service (app) name, e.g. `audio-extraction`; the `service` log key and `Service` dimension. */
  service: string;
  /** Follows one upload through every service, queue and workflow step. */
  correlationId: string;
  tenantId: string;
  jobId: string;
  /** The workflow step, e.g. `transcription`. */
  step: string;
  /** The deployment environment, e.g. `dev`; the `Env` dimension. */
  env: string;
}

export interface ServiceObservabilityOptions {
  /** The service (app) name; the Logger's and Tracer's service until an invocation names its own. */
  service: string;
  /** Metrics namespace. Absent: Powertools' `POWERTOOLS_METRICS_NAMESPACE`, else `reel`. */
  namespace?: string;
  /** Pass the app's `config.tracingEnabled` (`ENABLE_XRAY=true`). Default false: no X-Ray at all. */
  tracingEnabled?: boolean;
  /** Absent: Powertools' own `POWERTOOLS_LOG_LEVEL` handling (INFO by default). */
  logLevel?: 'DEBUG' | 'INFO' | 'WARN' | 'ERROR';
}

/** The Powertools trio of one execution environment, created once per cold start. */
export interface ServiceObservability {
  logger: Logger;
  metrics: Metrics;
  /** Powertools' Tracer, loaded with `import()` only when tracing is enabled (see ServiceTracer). */
  tracer: ServiceTracer;
}

/** The trio as one invocation sees it: the environment's instances and this invocation's keys. */
export interface Observability extends ServiceObservability {
  context: ObservabilityContext;
}

/** {@link initObservability}'s options: the context plus the environment's settings. */
export type ObservabilityOptions = ObservabilityContext &
  Omit<ServiceObservabilityOptions, 'service'>;

const contextFields = ['service', 'correlationId', 'tenantId', 'jobId', 'step', 'env'] as const;

// Per-invocation keys; AsyncLocalStorage keeps concurrent invocations of one environment apart.
const invocationKeys = new AsyncLocalStorage<Readonly<Record<string, string>>>();

/**
 * Creates the Logger, Metrics and Tracer of an execution environment — once per cold start, as
 * Powertools intends; every invocation then runs inside {@link withInvocation}, which scopes its
 * keys to it. Log lines carry Powertools' `service, level, timestamp` plus the invocation's
 * `correlationId, tenantId, jobId, step, env`; metrics default to the dimension `Service` (see
 * `recordMetric` for the per-invocation ones).
 *
 * @example
 * const serviceObservability = createServiceObservability({
 *   service: 'audio-extraction', namespace: config.metricsNamespace, tracingEnabled: config.tracingEnabled,
 * });
 * const s3Client = serviceObservability.tracer.captureAWSv3Client(new S3Client({}));
 */
export function createServiceObservability({
  service,
  namespace,
  tracingEnabled = false,
  logLevel,
}: ServiceObservabilityOptions): ServiceObservability {
  if (typeof service !== 'string' || service.length === 0) {
    throw new TypeError('Observability option service must be a non-empty string', {
      cause: { option: 'service', value: service },
    });
  }
  if (namespace !== undefined && (typeof namespace !== 'string' || namespace.length === 0)) {
    throw new TypeError('Observability option namespace must be a non-empty string', {
      cause: { option: 'namespace', value: namespace },
    });
  }
  const logger = new Logger({
    serviceName: service,
    logLevel,
    logFormatter: new InvocationLogFormatter(() => invocationKeys.getStore()),
  });
  // Powertools' own warnings (e.g. a skipped dimension) become structured lines with our keys.
  const metrics = new Metrics({
    namespace: resolveNamespace(namespace),
    serviceName: service,
    logger,
  });
  // Powertools adds a lowercase `service` dimension; reel's dashboards key on `Service`.
  metrics.clearDefaultDimensions();
  metrics.setDefaultDimensions({ Service: service });
  const tracer = createServiceTracer({ service, enabled: tracingEnabled });
  return { logger, metrics, tracer };
}

/**
 * Runs one invocation's work with its keys on every log line written inside it (including by
 * libs it calls) and the Lambda request id as `function_request_id` when given, and hands the
 * work the {@link Observability} to pass down. Every context field
 * must be a non-empty string — pass an explicit placeholder such as `-` where one does not apply —
 * because CloudWatch drops empty dimension values.
 *
 * @example
 * await withInvocation(serviceObservability, { service, correlationId, tenantId, jobId, step, env },
 *   (observability) => extractAudio({ observability }));
 */
export async function withInvocation<T>(
  serviceObservability: ServiceObservability,
  context: ObservabilityContext & { requestId?: string },
  work: (observability: Observability) => Promise<T>,
): Promise<T> {
  const checked = toContext(context);
  // All six keys, `service` included: the invocation's service wins over the environment's (one
  // environment may host several services' handlers, as the tests' shared dependencies do). The
  // request id goes where Powertools' injectLambdaContext puts it.
  const { requestId } = context;
  const keys = requestId ? { ...checked, function_request_id: requestId } : { ...checked };
  // Resolved at once without tracing; with it, the Tracer is loaded before the work makes clients.
  await serviceObservability.tracer.ready();
  return invocationKeys.run(keys, () => work({ ...serviceObservability, context: checked }));
}

/**
 * Observability for one piece of work outside a handler frame (a script, a test): an environment
 * of its own whose Logger carries the context's keys persistently. Handlers never call it; their
 * frame creates the environment once and runs each invocation in {@link withInvocation}.
 *
 * @example
 * const observability = initObservability({ service: 'bench', correlationId: 'run-1', tenantId: 'acme',
 *   jobId: 'ep-1', step: 'extract', env: 'dev' });
 */
export function initObservability(options: ObservabilityOptions): Observability {
  const context = toContext(options);
  const serviceObservability = createServiceObservability({ ...options, service: context.service });
  const { correlationId, tenantId, jobId, step, env } = context;
  serviceObservability.logger.appendPersistentKeys({ correlationId, tenantId, jobId, step, env });
  serviceObservability.metrics.setDefaultDimensions({
    TenantId: context.tenantId,
    Env: context.env,
  });
  return { ...serviceObservability, context };
}

function toContext(options: ObservabilityContext): ObservabilityContext {
  if (typeof options !== 'object' || options === null) {
    throw new TypeError('Observability options must be an object', { cause: { options } });
  }
  for (const field of contextFields) {
    const value: unknown = options[field];
    if (typeof value !== 'string' || value.length === 0) {
      throw new TypeError(`Observability option ${field} must be a non-empty string`, {
        cause: { option: field, value },
      });
    }
  }
  const { service, correlationId, tenantId, jobId, step, env } = options;
  return { service, correlationId, tenantId, jobId, step, env };
}
