import { vi } from 'vitest';

/**
 * Pins the environment variables Powertools reads so tests see the Lambda defaults whatever the
 * developer's shell holds: no dev mode (it reroutes output through the global console, pretty
 * printed, and disables metrics), metrics on, no namespace, no Lambda (so no tracing). Undo with
 * `vi.unstubAllEnvs()`.
 */
export function stubPowertoolsEnv(): void {
  vi.stubEnv('POWERTOOLS_DEV', undefined);
  vi.stubEnv('POWERTOOLS_METRICS_DISABLED', 'false');
  vi.stubEnv('POWERTOOLS_METRICS_NAMESPACE', undefined);
  vi.stubEnv('POWERTOOLS_SERVICE_NAME', undefined);
  vi.stubEnv('POWERTOOLS_LOG_LEVEL', undefined);
  vi.stubEnv('AWS_LAMBDA_LOG_LEVEL', undefined);
  vi.stubEnv('POWERTOOLS_TRACE_ENABLED', undefined);
  vi.stubEnv('AWS_EXECUTION_ENV', undefined);
  vi.stubEnv('AWS_SAM_LOCAL', undefined);
  vi.stubEnv('_X_AMZN_TRACE_ID', undefined);
}

/** What Lambda sets; Powertools' tracer turns itself off without it. */
export function stubLambdaExecutionEnv(): void {
  vi.stubEnv('AWS_EXECUTION_ENV', 'AWS_Lambda_nodejs24.x');
}
