import { Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import { AttributeType, Billing, TableV2, type ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { jobsTableAttributes, jobsTableIndexes } from '@reel/jobs-table';
import { BlockPublicAccess, Bucket, BucketEncryption, type IBucket } from 'aws-cdk-lib/aws-s3';
import { Queue, QueueEncryption, type IQueue } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { createUploadBucket, type UploadBucketProps } from './upload-bucket';

export interface SharedStackProps extends StackProps {
  env: StackProps['env'];
  reelEnv: string;
  /** The upload bucket's console origins (CORS) and expiry. */
  uploads?: UploadBucketProps;
}

/**
 * What the service stacks use: the media bucket, the upload bucket, the jobs table and the
 * dead-letter queue.
 */
export class SharedStack extends Stack {
  readonly mediaBucket: IBucket;
  readonly uploadBucket: IBucket;
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
    this.uploadBucket = createUploadBucket(this, props.uploads);
    // The same layout tests create on dynalite (libs/jobs-table jobsTableDefinition).
    const { partitionKey, tenantKey, tenantStatusKey, createdAt } = jobsTableAttributes;
    this.jobsTable = new TableV2(this, 'JobsTable', {
      partitionKey: { name: partitionKey, type: AttributeType.STRING },
      billing: Billing.onDemand(),
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      removalPolicy: RemovalPolicy.RETAIN,
      // Records that expire carry it (epoch seconds): the audio-clips API's clip records expire
      // with their cached object. Items without it (manifests, keys, settings) never expire.
      timeToLiveAttribute: 'expiresAtSec',
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
