import { CreateTableCommand, DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import { ListObjectsV2Command, PutObjectCommand } from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { startDynalite } from './dynalite-server';
import { startS3rver } from './s3rver-harness';

describe('Function: startS3rver', () => {
  it('serves a bucket on loopback whose listing pages past the first continuation token', async () => {
    // Prepare
    const s3 = await startS3rver({ bucket: 'pages' });
    try {
      for (const key of ['a', 'b', 'c']) {
        await s3.client.send(new PutObjectCommand({ Bucket: 'pages', Key: key, Body: key }));
      }

      // Act
      const first = await s3.client.send(new ListObjectsV2Command({ Bucket: 'pages', MaxKeys: 2 }));
      const second = await s3.client.send(
        new ListObjectsV2Command({
          Bucket: 'pages',
          MaxKeys: 2,
          ContinuationToken: first.NextContinuationToken,
        }),
      );

      // Assess
      expect(new URL(s3.endpoint).hostname).toBe('127.0.0.1');
      expect(first.Contents?.map(({ Key }) => Key)).toEqual(['a', 'b']);
      expect(second.Contents?.map(({ Key }) => Key)).toEqual(['c']);
    } finally {
      await s3.stop();
    }
  });

  it('stops its server process so the port refuses connections', async () => {
    // Prepare
    const s3 = await startS3rver();

    // Act
    await s3.stop();

    // Assess
    await expect(fetch(`${s3.endpoint}/${s3.bucket}`)).rejects.toThrow();
  });
});

describe('Function: startDynalite', () => {
  it('creates tables that are ACTIVE at once on a loopback port', async () => {
    // Prepare
    const dynalite = await startDynalite();
    try {
      // Act
      await dynalite.client.send(
        new CreateTableCommand({
          TableName: 'things',
          BillingMode: 'PAY_PER_REQUEST',
          AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
          KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
        }),
      );
      const { Table: table } = await dynalite.client.send(
        new DescribeTableCommand({ TableName: 'things' }),
      );

      // Assess
      expect(new URL(dynalite.endpoint).hostname).toBe('127.0.0.1');
      expect(table?.TableStatus).toBe('ACTIVE');
    } finally {
      await dynalite.close();
    }
  });
});
