import { Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import { BlockPublicAccess, Bucket, BucketEncryption, type IBucket } from 'aws-cdk-lib/aws-s3';
import { Queue, QueueEncryption, type IQueue } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';

export interface SharedStackProps extends StackProps {
  env: StackProps['env'];
  reelEnv: string;
}

/** What every service stack uses: the media bucket and the dead-letter queue for failed work. */
export class SharedStack extends Stack {
  readonly mediaBucket: IBucket;
  readonly deadLetterQueue: IQueue;

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
    this.deadLetterQueue = new Queue(this, 'DeadLetterQueue', {
      encryption: QueueEncryption.SQS_MANAGED,
      retentionPeriod: Duration.days(14),
    });
  }
}
