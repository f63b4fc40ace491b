// A separate process that creates an environment's observability, runs one invocation in it and
// prints which X-Ray / Tracer modules were resolved on the way. Started by lazy-tracer.test.ts with
// `--import tsx`; argv: 'enabled' | 'disabled' (tracing).
import module from 'node:module';

const resolved: string[] = [];
module.registerHooks({
  resolve(specifier, context, nextResolve) {
    if (specifier === 'aws-xray-sdk-core' || specifier === '@aws-lambda-powertools/tracer') {
      resolved.push(specifier);
    }
    return nextResolve(specifier, context);
  },
});

const tracingEnabled = process.argv[2] === 'enabled';
const { createServiceObservability, withInvocation } = await import('../../src/index');
const serviceObservability = createServiceObservability({
  service: 'probe',
  tracingEnabled,
  logLevel: 'ERROR',
});
const context = {
  service: 'probe',
  correlationId: 'c',
  tenantId: 'acme',
  jobId: 'ep-1',
  step: 'probe',
  env: 'dev',
};
const tracing = await withInvocation(serviceObservability, context, async ({ tracer }) =>
  tracer.isTracingEnabled(),
);
process.stdout.write(JSON.stringify({ resolved: [...new Set(resolved)], tracing }));
