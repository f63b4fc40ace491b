import { Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import { AttributeType, Billing, TableV2, type ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { jobsTableAttributes, jobsTableIndexes } from '@reel/jobs-table';
import { BlockPublicAccess, Bucket, BucketEncryption, type IBucket } from 'aws-cdk-lib/aws-s3';
import { Queue, QueueEncryption, type IQueue } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';

export interface SharedStackProps extends StackProps {
  env: StackProps['env'];
  reelEnv: string;
}

/** What every service stack uses: the media bucket, the jobs table and the dead-letter queue. */
export class SharedStack extends Stack {
  readonly mediaBucket: IBucket;
  readonly deadLetterQueue: IQueue;
  readonly jobsTable: ITableV2;

  constructor(scope: Construct, id: string, props: SharedStackProps) {
    super(scope, id, props);
    this.mediaBucket = new Bucket(this, 'MediaBucket', {
      encryption: BucketEncryption.S3_MANAGED,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      versioned: false,
      // Half-finished multipart uploads cost money and are never resumed by reel.
      lifecycleRules: [{ abortIncompleteMultipartUploadAfter: Duration.days(1) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    // The same layout tests create on dynalite (libs/jobs-table jobsTableDefinition).
    const { partitionKey, tenantKey, tenantStatusKey, createdAt } = jobsTableAttributes;
    this.jobsTable = new TableV2(this, 'JobsTable', {
      partitionKey: { name: partitionKey, type: AttributeType.STRING },
      billing: Billing.onDemand(),
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      removalPolicy: RemovalPolicy.RETAIN,
      globalSecondaryIndexes: [
        {
          indexName: jobsTableIndexes.byTenant,
          partitionKey: { name: tenantKey, type: AttributeType.STRING },
          sortKey: { name: createdAt, type: AttributeType.STRING },
        },
        {
          indexName: jobsTableIndexes.byTenantStatus,
          partitionKey: { name: tenantStatusKey, type: AttributeType.STRING },
          sortKey: { name: createdAt, type: AttributeType.STRING },
        },
      ],
    });
    this.deadLetterQueue = new Queue(this, 'DeadLetterQueue', {
      encryption: QueueEncryption.SQS_MANAGED,
      retentionPeriod: Duration.days(14),
    });
  }
}
