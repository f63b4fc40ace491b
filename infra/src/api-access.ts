import { Effect, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';

/**
 * DynamoDB reads the stores make (GetItem, BatchGetItem; Query on the tenant indexes). No Scan:
 * every listing goes through a GSI.
 */
const TABLE_READ_ACTIONS = [
  'dynamodb:GetItem',
  'dynamodb:BatchGetItem',
  'dynamodb:Query',
  'dynamodb:ConditionCheckItem',
];
/** Single-item conditional writes (the design needs no transactions and no batch writes). */
const TABLE_WRITE_ACTIONS = ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem'];

interface EnvScope {
  /** The environment (`dev`, `prod`): every key of reel starts with `{env}/`. */
  reelEnv: string;
}

/** Objects under the environment's prefix of a bucket. */
const objectsOf = (bucket: IBucket, { reelEnv }: EnvScope, suffix = '*') =>
  bucket.arnForObjects(`${reelEnv}/${suffix}`);

/**
 * ListBucket under the environment's prefix only. Without it S3 answers a HEAD of a missing key
 * with 403 instead of 404, and "not uploaded yet" or "not cut yet" would read as PermissionDenied.
 */
function listUnderEnv(bucket: IBucket, { reelEnv }: EnvScope): PolicyStatement {
  return new PolicyStatement({
    effect: Effect.ALLOW,
    actions: ['s3:ListBucket'],
    resources: [bucket.bucketArn],
    conditions: { StringLike: { 's3:prefix': [`${reelEnv}/*`] } },
  });
}

function tableStatements(table: ITableV2): PolicyStatement[] {
  return [
    new PolicyStatement({
      actions: TABLE_READ_ACTIONS,
      resources: [table.tableArn, `${table.tableArn}/index/*`],
    }),
    new PolicyStatement({ actions: TABLE_WRITE_ACTIONS, resources: [table.tableArn] }),
  ];
}

export interface VideoApiAccessProps extends EnvScope {
  mediaBucket: IBucket;
  uploadBucket: IBucket;
  jobsTable: ITableV2;
  /** The processing state machine's ARN and name (executions are named under it). */
  stateMachine: { arn: string; executionsArn: string };
}

/**
 * What the video API calls, and nothing more:
 * - media bucket, `{env}/*`: read (output links are presigned GETs, signed with this role), write
 *   (the upload's server-side copy to the job's `input/` key) and delete (`DELETE /videos/{id}`
 *   removes a video's objects and clips); list under `{env}/` (deleting a prefix, 404 on HEAD).
 * - upload bucket, `{env}/*`: read (HEAD on process, the copy's source), delete, and `PutObject`,
 *   `AbortMultipartUpload`, `ListMultipartUploadParts` because the presigned upload and part URLs
 *   it hands out act with this role's rights.
 * - jobs table: reads, Query on its indexes, single-item writes; no Scan.
 * - Step Functions: `StartExecution` on the processing state machine, `StopExecution` and
 *   `DescribeExecution` on its executions (cancel).
 *
 * @example
 * grantVideoApiAccess(fn, { reelEnv: 'dev', mediaBucket, uploadBucket, jobsTable, stateMachine });
 */
export function grantVideoApiAccess(
  fn: IFunction,
  { mediaBucket, uploadBucket, jobsTable, stateMachine, reelEnv }: VideoApiAccessProps,
): void {
  const env = { reelEnv };
  const statements = [
    new PolicyStatement({
      actions: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject', 's3:AbortMultipartUpload'],
      resources: [objectsOf(mediaBucket, env)],
    }),
    listUnderEnv(mediaBucket, env),
    new PolicyStatement({
      actions: [
        's3:GetObject',
        's3:PutObject',
        's3:DeleteObject',
        's3:AbortMultipartUpload',
        's3:ListMultipartUploadParts',
      ],
      resources: [objectsOf(uploadBucket, env)],
    }),
    listUnderEnv(uploadBucket, env),
    ...tableStatements(jobsTable),
    new PolicyStatement({ actions: ['states:StartExecution'], resources: [stateMachine.arn] }),
    new PolicyStatement({
      actions: ['states:StopExecution', 'states:DescribeExecution'],
      resources: [stateMachine.executionsArn],
    }),
  ];
  for (const statement of statements) fn.addToRolePolicy(statement);
}

export interface AudioClipsApiAccessProps extends EnvScope {
  mediaBucket: IBucket;
  jobsTable: ITableV2;
}

/**
 * What the audio-clips API calls: read media under `{env}/` (ffmpeg reads the episode MP3 through
 * a presigned GET; clip URLs are presigned GETs), write only clips
 * (`{env}/{tenant}/audio_clips/…`), list under `{env}/`; the jobs table's reads (manifests) and
 * single-item writes (clip records: claim, ready, give back). It never deletes an object.
 *
 * @example
 * grantAudioClipsApiAccess(fn, { reelEnv: 'dev', mediaBucket, jobsTable });
 */
export function grantAudioClipsApiAccess(
  fn: IFunction,
  { mediaBucket, jobsTable, reelEnv }: AudioClipsApiAccessProps,
): void {
  const env = { reelEnv };
  const statements = [
    new PolicyStatement({ actions: ['s3:GetObject'], resources: [objectsOf(mediaBucket, env)] }),
    new PolicyStatement({
      actions: ['s3:PutObject', 's3:AbortMultipartUpload'],
      resources: [objectsOf(mediaBucket, env, '*/audio_clips/*')],
    }),
    listUnderEnv(mediaBucket, env),
    ...tableStatements(jobsTable),
  ];
  for (const statement of statements) fn.addToRolePolicy(statement);
}

/**
 * The API-key authorizer reads one key record by its id (`GetItem`) and nothing else: it never
 * touches media, writes, queries or starts anything.
 *
 * @example
 * grantAuthorizerAccess(authorizerFn, { jobsTable });
 */
export function grantAuthorizerAccess(fn: IFunction, { jobsTable }: { jobsTable: ITableV2 }): void {
  fn.addToRolePolicy(
    new PolicyStatement({ actions: ['dynamodb:GetItem'], resources: [jobsTable.tableArn] }),
  );
}
