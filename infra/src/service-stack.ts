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
}

/** One service's stack: its function, wired to the shared bucket and dead-letter queue. */
export class ServiceStack extends Stack {
  readonly function: DockerImageFunction;

  constructor(scope: Construct, id: string, props: ServiceStackProps) {
    super(scope, id, props);
    this.function = createServiceFunction(this, {
      service: props.service,
      bundlesDir: props.bundlesDir,
      environment: {
        REEL_BACKEND: 'aws',
        REEL_ENV: props.reelEnv,
        REEL_BUCKET: props.shared.mediaBucket.bucketName,
        REEL_JOBS_TABLE: props.shared.jobsTable.tableName,
        POWERTOOLS_METRICS_NAMESPACE: 'reel',
        ENABLE_XRAY: 'true',
        ...props.environment,
      },
    });
    for (const statement of props.policyStatements ?? []) this.function.addToRolePolicy(statement);
    props.shared.mediaBucket.grantReadWrite(this.function);
    props.shared.jobsTable.grantReadWriteData(this.function);
    this.function.configureAsyncInvoke({
      onFailure: new SqsDestination(props.shared.deadLetterQueue),
      retryAttempts: 0,
    });
  }
}
