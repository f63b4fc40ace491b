import { Annotations, Duration, RemovalPolicy } from 'aws-cdk-lib';
import { BlockPublicAccess, Bucket, BucketEncryption, HttpMethods } from 'aws-cdk-lib/aws-s3';
import type { Construct } from 'constructs';

/** How long an upload stays when nothing processes it: processing copies it to the media bucket. */
export const DEFAULT_UPLOAD_EXPIRY_DAYS = 7;

/** An origin browsers upload from: HTTPS, or plain HTTP on the loopback only; no path, no wildcard. */
const CONSOLE_ORIGIN_PATTERN =
  /^(https:\/\/[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*|http:\/\/(localhost|127\.0\.0\.1))(:\d{1,5})?$/;

export interface UploadBucketProps {
  /** Origins of the web console allowed to `PUT` uploads from a browser (e.g. `https://console.example.com`). */
  consoleOrigins?: readonly string[];
  /** Days after which an upload object expires; default {@link DEFAULT_UPLOAD_EXPIRY_DAYS}. */
  uploadExpiryDays?: number;
}

/**
 * The upload bucket of the pipeline design (`REEL_UPLOAD_BUCKET`, keys
 * `{env}/{tenant}/{videoId}/{fileName}`): clients `PUT` to presigned URLs the video API mints, and
 * processing copies the object server-side to the job's `input/` key in the media bucket, so an
 * upload is only needed until then and expires by lifecycle. Private, TLS only, stale multipart
 * uploads aborted after a day, `Object Created` events on EventBridge for the ingest path.
 *
 * @example
 * const uploads = createUploadBucket(sharedStack, { consoleOrigins: ['https://console.example.com'] });
 */
export function createUploadBucket(
  scope: Construct,
  { consoleOrigins = [], uploadExpiryDays = DEFAULT_UPLOAD_EXPIRY_DAYS }: UploadBucketProps = {},
): Bucket {
  for (const origin of consoleOrigins) {
    if (!CONSOLE_ORIGIN_PATTERN.test(origin)) {
      throw new TypeError(
        `Console origin "${origin}" is not an origin browsers can be allowed to upload from: use https://host[:port] (or http://localhost[:port]), without a path or wildcard`,
      );
    }
  }
  if (!Number.isInteger(uploadExpiryDays) || uploadExpiryDays < 1 || uploadExpiryDays > 30) {
    throw new TypeError(
      `uploadExpiryDays must be a whole number of days from 1 to 30 (uploads are copied on processing), not ${uploadExpiryDays}`,
    );
  }
  const bucket = new Bucket(scope, 'UploadBucket', {
    encryption: BucketEncryption.S3_MANAGED,
    blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
    enforceSSL: true,
    versioned: false,
    // The ingest path (an EventBridge rule → SQS → ingest-orchestrator) starts from these events.
    eventBridgeEnabled: true,
    lifecycleRules: [
      {
        id: 'ExpireUploads',
        expiration: Duration.days(uploadExpiryDays),
        // A browser that gave up on a multipart upload leaves parts that cost money and never complete.
        abortIncompleteMultipartUploadAfter: Duration.days(1),
      },
    ],
    cors:
      consoleOrigins.length === 0
        ? undefined
        : [
            {
              allowedMethods: [HttpMethods.PUT],
              allowedOrigins: [...consoleOrigins],
              allowedHeaders: ['Content-Type', 'Content-MD5', 'x-amz-*'],
              // The console reads each part's ETag to complete a multipart upload.
              exposedHeaders: ['ETag'],
              maxAge: 3600,
            },
          ],
    removalPolicy: RemovalPolicy.RETAIN,
  });
  if (consoleOrigins.length === 0) {
    Annotations.of(bucket).addWarningV2(
      '@reel/infra:no-console-origin',
      'No console origin (-c consoleOrigin=https://…): browsers cannot PUT uploads to this bucket; curl and SDK clients still can.',
    );
  }
  return bucket;
}
