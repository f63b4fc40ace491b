import { Stack, type StackProps } from 'aws-cdk-lib';
import type { DockerImageFunction } from 'aws-cdk-lib/aws-lambda';
import type { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import type { ServiceName } from '@reel/service-presets';
import type { Construct } from 'constructs';
import { createServiceFunction } from './service-function';
import type { SharedStack } from './shared-stack';

export interface ServiceStackProps extends StackProps {
  service: ServiceName;
  shared: SharedStack;
  bundlesDir: string;
  reelEnv: string;
  /** Service-specific settings beside the platform's. */
  environment?: Record<string, string>;
  /** Service-specific permissions beside the bucket and table. */
  policyStatements?: PolicyStatement[];
  /**
   * The service's own grants on the shared bucket and table, replacing the default read/write of
   * the whole media bucket and table (the HTTP APIs get only what they call: `api-access.ts`).
   */
  grantAccess?: (fn: DockerImageFunction, shared: SharedStack) => void;
}

/** One service's stack: its function, wired to the shared bucket and dead-letter queue. */
export class ServiceStack extends Stack {
  readonly function: DockerImageFunction;
  /** The function's environment: a second handler of the same image (an authorizer) gets it too. */
  readonly functionEnvironment: Readonly<Record<string, string>>;

  constructor(scope: Construct, id: string, props: ServiceStackProps) {
    super(scope, id, props);
    this.functionEnvironment = {
      REEL_BACKEND: 'aws',
      REEL_ENV: props.reelEnv,
      REEL_BUCKET: props.shared.mediaBucket.bucketName,
      REEL_JOBS_TABLE: props.shared.jobsTable.tableName,
      POWERTOOLS_METRICS_NAMESPACE: 'reel',
      ENABLE_XRAY: 'true',
      ...props.environment,
    };
    this.function = createServiceFunction(this, {
      service: props.service,
      bundlesDir: props.bundlesDir,
      environment: { ...this.functionEnvironment },
    });
    for (const statement of props.policyStatements ?? []) this.function.addToRolePolicy(statement);
    if (props.grantAccess) {
      props.grantAccess(this.function, props.shared);
    } else {
      props.shared.mediaBucket.grantReadWrite(this.function);
      props.shared.jobsTable.grantReadWriteData(this.function);
    }
    this.function.configureAsyncInvoke({
      onFailure: new SqsDestination(props.shared.deadLetterQueue),
      retryAttempts: 0,
    });
  }
}
