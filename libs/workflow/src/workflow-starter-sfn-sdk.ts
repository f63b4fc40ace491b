// What the Step Functions starter takes from the AWS SDK, in one module that `workflow-starter`
// loads with `import()` on first use: a local-backend process (reel serve's hosts) never loads
// the SFN client, and esbuild keeps only these names.
export { SFNClient, StartExecutionCommand, StopExecutionCommand } from '@aws-sdk/client-sfn';
