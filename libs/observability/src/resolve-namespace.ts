import { Metrics } from '@aws-lambda-powertools/metrics';

/** reel's namespace when neither the caller nor `POWERTOOLS_METRICS_NAMESPACE` names one. */
export const reelNamespace = 'reel';

// What Powertools falls back to when it found no namespace; it does not export the constant.
const powertoolsDefaultNamespace = 'default_namespace';

const silentLogger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};

/**
 * The caller's namespace, else the one Powertools resolves from its own environment variable,
 * else `reel`. Powertools keeps the resolved namespace private, so a throwaway instance is asked
 * to serialize nothing and the namespace is read from that EMF envelope — this way the lib never
 * reads `process.env` itself.
 */
export function resolveNamespace(namespace: string | undefined): string {
  if (namespace !== undefined) return namespace;
  const probe = new Metrics({ logger: silentLogger });
  const powertoolsNamespace = probe.serializeMetrics()._aws.CloudWatchMetrics[0]?.Namespace;
  return powertoolsNamespace && powertoolsNamespace !== powertoolsDefaultNamespace
    ? powertoolsNamespace
    : reelNamespace;
}
