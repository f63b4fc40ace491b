import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { Tracer } from '@aws-lambda-powertools/tracer';
import { resolveNamespace } from './resolve-namespace';

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

export interface ObservabilityOptions extends ObservabilityContext {
  /** Metrics namespace. Absent: Powertools' `POWERTOOLS_METRICS_NAMESPACE`, else `reel`. */
  namespace?: string;
  /** Pass the app's `config.tracingEnabled` (`ENABLE_XRAY=true`). Default false: no X-Ray at all. */
  tracingEnabled?: boolean;
  /** Absent: Powertools' own `POWERTOOLS_LOG_LEVEL` handling (INFO by default). */
  logLevel?: 'DEBUG' | 'INFO' | 'WARN' | 'ERROR';
}

/** The Powertools trio, set up for one invocation's context. */
export interface Observability {
  logger: Logger;
  metrics: Metrics;
  tracer: Tracer;
  context: ObservabilityContext;
}

const contextFields = ['service', 'correlationId', 'tenantId', 'jobId', 'step', 'env'] as const;

/**
 * Sets up the logger, metrics and tracer for one invocation. Every log line carries
 * `correlationId, tenantId, jobId, step, env` next to Powertools' `service, level, timestamp`;
 * metrics default to the dimensions `Service, TenantId, Env` (see `recordMetric` for `Operation`).
 * Every context field must be a non-empty string — pass an explicit placeholder such as `-` where
 * one does not apply — because CloudWatch drops empty dimension values.
 *
 * @example
 * const observability = initObservability({
 *   service: 'audio-extraction', correlationId, tenantId, jobId, step: 'audio-extraction',
 *   env: config.env, tracingEnabled: config.tracingEnabled,
 * })
 * observability.logger.info('Audio extracted', { bytes })
 */
export function initObservability(options: ObservabilityOptions): Observability {
  const context = toContext(options);
  const { namespace, tracingEnabled = false, logLevel } = options;
  if (namespace !== undefined && (typeof namespace !== 'string' || namespace.length === 0)) {
    throw new TypeError('Observability option namespace must be a non-empty string', {
      cause: { option: 'namespace', value: namespace },
    });
  }

  const logger = new Logger({
    serviceName: context.service,
    logLevel,
    persistentKeys: {
      correlationId: context.correlationId,
      tenantId: context.tenantId,
      jobId: context.jobId,
      step: context.step,
      env: context.env,
    },
  });

  // Powertools' own warnings (e.g. a skipped dimension) become structured lines with our keys.
  const metrics = new Metrics({
    namespace: resolveNamespace(namespace),
    serviceName: context.service,
    logger,
  });
  // Powertools adds a lowercase `service` dimension; reel's dashboards key on `Service`.
  metrics.clearDefaultDimensions();
  metrics.setDefaultDimensions({
    Service: context.service,
    TenantId: context.tenantId,
    Env: context.env,
  });

  const tracer = new Tracer({ serviceName: context.service, enabled: tracingEnabled });

  return { logger, metrics, tracer, context };
}

function toContext(options: ObservabilityOptions): ObservabilityContext {
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
