// The app build config (tools/scripts/esbuild-app.config.mjs) rewrites how the AWS SDK and Node
// built-ins are bundled. These tests build small entries with it, as `nx build` does for an app,
// and run them: the SDK behind `import()` must still work against real (local) S3 and DynamoDB
// servers, be evaluated only when the `import()` runs, and cost about what a static import costs.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  startDynalite,
  startS3rver,
  type DynaliteHandle,
  type S3rverHarness,
} from '@reel/test-servers';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildLikeAnApp } from './build-like-an-app';

const dynamoExports = `export { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
export { DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
`;

const awsRoundTrip = `
import { createStorage } from '@reel/storage';
import { Readable } from 'node:stream';

const loadedBefore = process.moduleLoadList.filter((name) => /NativeModule (http|https|http2)$/.test(name));
const { S3_ENDPOINT, S3_BUCKET, S3_KEY_ID, S3_SECRET, DYNAMO_ENDPOINT } = process.env;
const credentials = { accessKeyId: S3_KEY_ID, secretAccessKey: S3_SECRET };
const storage = createStorage({ backend: 'aws', bucket: S3_BUCKET, region: 'us-east-1', endpoint: S3_ENDPOINT, forcePathStyle: true, credentials });
const key = 'dev/bench/job-1/audio/audio.mp3';
const stored = await storage.putStream({ key, body: Readable.from([Buffer.from('reel bundle')]) });
const body = Buffer.concat(await (await storage.getStream({ key })).toArray()).toString();
const listed = (await storage.list({ prefix: 'dev/bench/' })).map((object) => object.key);
const url = await storage.getUrl({ key });
await storage.delete({ key });

const sdk = await import('./dynamo-exports');
const client = new sdk.DynamoDBClient({ region: 'us-east-1', endpoint: DYNAMO_ENDPOINT, credentials });
await client.send(new sdk.CreateTableCommand({ TableName: 'jobs', AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }], KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }], BillingMode: 'PAY_PER_REQUEST' }));
const documents = sdk.DynamoDBDocumentClient.from(client);
await documents.send(new sdk.PutCommand({ TableName: 'jobs', Item: { pk: 'job-1', status: 'completed' } }));
const { Item: item } = await documents.send(new sdk.GetCommand({ TableName: 'jobs', Key: { pk: 'job-1' } }));

console.log(JSON.stringify({ loadedBefore, bytes: stored.bytes, body, listed, signed: url.includes('X-Amz-Signature='), item, exists: await storage.exists({ key }) }));
`;

describe('App build config', () => {
  let dir: string;
  let s3: S3rverHarness;
  let dynamo: DynaliteHandle;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'reel-app-build-'));
    [s3, dynamo] = await Promise.all([startS3rver(), startDynalite()]);
  });

  afterAll(async () => {
    await Promise.all([s3?.stop(), dynamo?.close()]);
    await rm(dir, { recursive: true, force: true });
  });

  it('bundles the AWS SDK behind import() so it works against S3 and DynamoDB, loaded on first use', async () => {
    // Prepare
    const { outfile } = await buildLikeAnApp(dir, {
      'entry.ts': awsRoundTrip,
      'dynamo-exports.ts': dynamoExports,
    });

    // Act
    const { stdout } = await execa(process.execPath, [outfile], {
      env: {
        S3_ENDPOINT: s3.endpoint,
        S3_BUCKET: s3.bucket,
        S3_KEY_ID: s3.credentials.accessKeyId,
        S3_SECRET: s3.credentials.secretAccessKey,
        DYNAMO_ENDPOINT: dynamo.endpoint,
        AWS_EC2_METADATA_DISABLED: 'true',
      },
    });

    // Assess
    expect(JSON.parse(stdout)).toEqual({
      loadedBefore: [],
      bytes: 11,
      body: 'reel bundle',
      listed: ['dev/bench/job-1/audio/audio.mp3'],
      signed: true,
      item: { pk: 'job-1', status: 'completed' },
      exists: false,
    });
  });

  it("gives X-Ray's AWS SDK v2 patcher a working semver gte", async () => {
    // Prepare
    const { outfile } = await buildLikeAnApp(dir, {
      'entry.ts': `import AWSXRay from 'aws-xray-sdk-core';
for (const VERSION of ['2.6.0', '2.7.15']) {
  try { AWSXRay.captureAWS({ VERSION }); console.log(VERSION, 'accepted'); }
  catch (error) { console.log(VERSION, (error as Error).message); }
}`,
    });

    // Act
    const { stdout } = await execa(process.execPath, [outfile], {
      env: { AWS_XRAY_CONTEXT_MISSING: 'IGNORE_ERROR', AWS_XRAY_LOG_LEVEL: 'silent' },
    });

    // Assess
    expect(stdout.split('\n')).toEqual([
      '2.6.0 AWS SDK version 2.7.15 or greater required.',
      '2.7.15 accepted',
    ]);
  });

  it('keeps only the SDK commands named in a lazily imported module', async () => {
    // Prepare
    const lazily = await buildLikeAnApp(dir, {
      'entry.ts': `export const load = () => import('./dynamo-exports');`,
      'dynamo-exports.ts': dynamoExports,
    });
    const statically = await buildLikeAnApp(dir, {
      'entry.ts': `export * as sdk from './dynamo-exports';`,
      'dynamo-exports.ts': dynamoExports,
    });

    // Assess: within 5 % of the static import (without named re-exports: about 15 % more)
    expect(lazily.bytes).toBeLessThan(statically.bytes * 1.05);
  });
});
