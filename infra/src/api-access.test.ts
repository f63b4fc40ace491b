import { Match, Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { synthesizeReelApp } from './test-support/synthesize-reel-app';

interface StatementJson {
  Effect: string;
  Action: string | string[];
  Resource: unknown;
  Condition?: unknown;
}

/** A resource as text: imports by their construct and attribute, pseudo parameters in braces. */
function labelOf(value: unknown): string {
  if (typeof value === 'string') return value;
  const token = value as Record<string, unknown>;
  if ('Fn::Join' in token) {
    const [separator, parts] = token['Fn::Join'] as [string, unknown[]];
    return parts.map(labelOf).join(separator);
  }
  if ('Fn::ImportValue' in token) {
    const exportName = String(token['Fn::ImportValue']);
    const match = /FnGetAtt([A-Za-z]+?)(?:[0-9A-F]{8})?(Arn|Name)[0-9A-F]{8}$/.exec(exportName);
    return match ? `${match[1]}.${match[2]}` : exportName;
  }
  if ('Ref' in token) return `{${String(token['Ref'])}}`;
  return JSON.stringify(value);
}

/** Every allowed (action, resource) pair of one role's policies, as sorted lines. */
function grantsOf(template: Template, rolePrefix: string): string[] {
  const policies = Object.values(template.findResources('AWS::IAM::Policy')) as Array<{
    Properties: { Roles: Array<{ Ref: string }>; PolicyDocument: { Statement: StatementJson[] } };
  }>;
  return policies
    .filter(({ Properties }) => Properties.Roles.some(({ Ref }) => Ref.startsWith(rolePrefix)))
    .flatMap(({ Properties }) => Properties.PolicyDocument.Statement)
    .flatMap(({ Effect, Action, Resource, Condition }) =>
      [Action]
        .flat()
        .flatMap((action) =>
          [Resource]
            .flat()
            .map((resource) =>
              [
                Effect,
                action,
                labelOf(resource),
                Condition ? `if ${JSON.stringify(Condition)}` : '',
              ]
                .join(' ')
                .trim(),
            ),
        ),
    )
    .sort();
}

const xray = ['Allow xray:PutTelemetryRecords *', 'Allow xray:PutTraceSegments *'];
const deadLetterQueue = [
  'Allow sqs:GetQueueAttributes DeadLetterQueue.Arn',
  'Allow sqs:GetQueueUrl DeadLetterQueue.Arn',
  'Allow sqs:SendMessage DeadLetterQueue.Arn',
];
const tableReadsAndWrites = [
  ...['GetItem', 'BatchGetItem', 'Query', 'ConditionCheckItem'].flatMap((action) => [
    `Allow dynamodb:${action} JobsTable.Arn`,
    `Allow dynamodb:${action} JobsTable.Arn/index/*`,
  ]),
  ...['PutItem', 'UpdateItem', 'DeleteItem'].map(
    (action) => `Allow dynamodb:${action} JobsTable.Arn`,
  ),
];
const listUnderProd = (bucket: string) =>
  `Allow s3:ListBucket ${bucket}.Arn if {"StringLike":{"s3:prefix":["prod/*"]}}`;

describe('least privilege of the HTTP APIs (through createReelApp)', () => {
  let reel: ReturnType<typeof synthesizeReelApp>;
  let videoApi: Template;
  let audioClipsApi: Template;

  beforeAll(() => {
    reel = synthesizeReelApp({ reelEnv: 'prod' });
    videoApi = Template.fromStack(reel.services['video-api']!);
    audioClipsApi = Template.fromStack(reel.services['audio-clips-api']!);
  });
  afterAll(() => reel.dispose());

  it('grants the video API exactly its prefixes, the uploads, the table without Scan and its own executions', () => {
    expect(grantsOf(videoApi, 'FunctionServiceRole')).toEqual(
      [
        ...xray,
        ...deadLetterQueue,
        ...['GetObject', 'PutObject', 'DeleteObject', 'AbortMultipartUpload'].map(
          (action) => `Allow s3:${action} MediaBucket.Arn/prod/*`,
        ),
        listUnderProd('MediaBucket'),
        ...[
          'GetObject',
          'PutObject',
          'DeleteObject',
          'AbortMultipartUpload',
          'ListMultipartUploadParts',
        ].map((action) => `Allow s3:${action} UploadBucket.Arn/prod/*`),
        listUnderProd('UploadBucket'),
        ...tableReadsAndWrites,
        'Allow states:StartExecution ProcessingWorkflow.Arn',
        ...['StopExecution', 'DescribeExecution'].map(
          (action) =>
            `Allow states:${action} arn:{AWS::Partition}:states:{AWS::Region}:{AWS::AccountId}:execution:ProcessingWorkflow.Name:*`,
        ),
      ].sort(),
    );
  });

  it('grants the audio-clips API media reads, clip writes and the table without Scan, and no delete', () => {
    expect(grantsOf(audioClipsApi, 'FunctionServiceRole')).toEqual(
      [
        ...xray,
        ...deadLetterQueue,
        'Allow s3:GetObject MediaBucket.Arn/prod/*',
        'Allow s3:PutObject MediaBucket.Arn/prod/*/audio_clips/*',
        'Allow s3:AbortMultipartUpload MediaBucket.Arn/prod/*/audio_clips/*',
        listUnderProd('MediaBucket'),
        ...tableReadsAndWrites,
      ].sort(),
    );
  });

  it('lets the authorizer read one item of the jobs table and nothing else', () => {
    expect(grantsOf(videoApi, 'AuthorizerServiceRole')).toEqual(
      [...xray, 'Allow dynamodb:GetItem JobsTable.Arn'].sort(),
    );
  });

  it('grants no API function a wildcard action, a Scan or a resource * beyond X-Ray', () => {
    // Act
    const grants = [
      ...grantsOf(videoApi, 'FunctionServiceRole'),
      ...grantsOf(videoApi, 'AuthorizerServiceRole'),
      ...grantsOf(audioClipsApi, 'FunctionServiceRole'),
    ];

    // Assess
    expect(grants.filter((grant) => /^Allow (\S*\*\S*) /.test(grant))).toEqual([]);
    expect(grants.filter((grant) => grant.includes('dynamodb:Scan'))).toEqual([]);
    expect(grants.filter((grant) => grant.endsWith(' *') && !/^Allow xray:/.test(grant))).toEqual(
      [],
    );
  });

  it('names the upload bucket and the state machine to the video API, and the upload bucket to clips', () => {
    videoApi.hasResourceProperties('AWS::Lambda::Function', {
      ImageConfig: { Command: ['index.authorizer'] },
      Environment: {
        Variables: {
          REEL_BACKEND: 'aws',
          REEL_ENV: 'prod',
          POWERTOOLS_SERVICE_NAME: 'video-api-authorizer',
          REEL_UPLOAD_BUCKET: { 'Fn::ImportValue': Match.stringLikeRegexp('UploadBucket') },
          REEL_STATE_MACHINE_ARN: {
            'Fn::ImportValue': Match.stringLikeRegexp('ProcessingWorkflowArn'),
          },
        },
      },
    });
    const [apiFunction] = Object.entries(videoApi.findResources('AWS::Lambda::Function'))
      .filter(([id]) => id.startsWith('Function'))
      .map(([, resource]) => resource as { Properties: { Environment: { Variables: object } } });
    expect(apiFunction!.Properties.Environment.Variables).toMatchObject({
      POWERTOOLS_SERVICE_NAME: 'video-api',
      REEL_UPLOAD_BUCKET: { 'Fn::ImportValue': expect.stringContaining('UploadBucket') },
      REEL_STATE_MACHINE_ARN: {
        'Fn::ImportValue': expect.stringContaining('ProcessingWorkflowArn'),
      },
    });
    audioClipsApi.hasResourceProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: {
          POWERTOOLS_SERVICE_NAME: 'audio-clips-api',
          REEL_UPLOAD_BUCKET: { 'Fn::ImportValue': Match.stringLikeRegexp('UploadBucket') },
        },
      },
    });
  });

  it('expires clip records with their object: TTL on expiresAtSec in the jobs table', () => {
    Template.fromStack(reel.shared).hasResourceProperties('AWS::DynamoDB::GlobalTable', {
      TimeToLiveSpecification: { AttributeName: 'expiresAtSec', Enabled: true },
    });
  });
});
