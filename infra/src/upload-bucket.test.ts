import { App, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { createUploadBucket, type UploadBucketProps } from './upload-bucket';

/** The bucket alone in a stack: its template (bucket, policy, notification handler). */
function uploadBucketStack(props?: UploadBucketProps) {
  const stack = new Stack(new App(), 'Uploads');
  createUploadBucket(stack, props);
  return { stack, template: Template.fromStack(stack) };
}

describe('Function: createUploadBucket', () => {
  it('blocks every kind of public access', () => {
    const { template } = uploadBucketStack();
    template.hasResourceProperties('AWS::S3::Bucket', {
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
    });
  });

  it('refuses every request that is not TLS', () => {
    const { template } = uploadBucketStack();
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Deny',
            Action: 's3:*',
            Principal: { AWS: '*' },
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          }),
        ]),
      },
    });
  });

  it('expires uploads after a week and aborts stale multipart uploads after a day', () => {
    const { template } = uploadBucketStack();
    template.hasResourceProperties('AWS::S3::Bucket', {
      LifecycleConfiguration: {
        Rules: [
          {
            Id: 'ExpireUploads',
            Status: 'Enabled',
            ExpirationInDays: 7,
            AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 },
          },
        ],
      },
    });
  });

  it('sends Object Created events to EventBridge', () => {
    const { template } = uploadBucketStack();
    template.hasResourceProperties('Custom::S3BucketNotifications', {
      NotificationConfiguration: { EventBridgeConfiguration: {} },
    });
  });

  it('lets browsers PUT only, from the console origin only', () => {
    // Act
    const { template } = uploadBucketStack({ consoleOrigins: ['https://console.example.com'] });

    // Assess
    template.hasResourceProperties('AWS::S3::Bucket', {
      CorsConfiguration: {
        CorsRules: [
          Match.objectLike({
            AllowedMethods: ['PUT'],
            AllowedOrigins: ['https://console.example.com'],
            ExposedHeaders: ['ETag'],
          }),
        ],
      },
    });
  });

  it('allows no browser origin and says so when none is configured', () => {
    // Act
    const { stack, template } = uploadBucketStack();

    // Assess
    template.hasResourceProperties('AWS::S3::Bucket', { CorsConfiguration: Match.absent() });
    Annotations.fromStack(stack).hasWarning('*', Match.stringLikeRegexp('No console origin'));
  });

  it.each([
    '*',
    'https://*.example.com',
    'http://console.example.com',
    'https://console.example.com/app',
  ])('refuses %s as a console origin', (origin) => {
    expect(() => uploadBucketStack({ consoleOrigins: [origin] })).toThrow(
      /is not an origin browsers can be allowed to upload from/,
    );
  });

  it('accepts the loopback over plain HTTP for a console run on a laptop', () => {
    const { template } = uploadBucketStack({ consoleOrigins: ['http://localhost:5173'] });
    template.hasResourceProperties('AWS::S3::Bucket', {
      CorsConfiguration: {
        CorsRules: [Match.objectLike({ AllowedOrigins: ['http://localhost:5173'] })],
      },
    });
  });

  it('refuses an expiry of zero days or of more than 30', () => {
    expect(() => uploadBucketStack({ uploadExpiryDays: 0 })).toThrow(/1 to 30/);
    expect(() => uploadBucketStack({ uploadExpiryDays: 90 })).toThrow(/1 to 30/);
  });
});
