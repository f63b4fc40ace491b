// What the platform ladder takes from Powertools and the AWS SDK, in one module that
// `platform-ladder` loads with `import()` on first read: esbuild keeps only these names (a
// dynamic import of a package would keep its whole namespace: all of the SSM client), and
// evaluates them only then, so a local-backend process never pays for them.
export { TransformParameterError } from '@aws-lambda-powertools/parameters/errors';
export { SSMProvider } from '@aws-lambda-powertools/parameters/ssm';
export { SSMClient } from '@aws-sdk/client-ssm';
