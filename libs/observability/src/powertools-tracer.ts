// The one module that names the Powertools Tracer (and with it aws-xray-sdk-core, node:http and
// the async hooks X-Ray keeps its context in). Loaded with `import()` only when tracing is enabled,
// so an environment without tracing never evaluates it; esbuild keeps it inside the one bundle.
export { Tracer } from '@aws-lambda-powertools/tracer';
