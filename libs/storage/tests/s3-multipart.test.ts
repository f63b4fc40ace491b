import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AbortMultipartUploadCommand,
  ListMultipartUploadsCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { InternalError } from '@reel/error-taxonomy';
import { buildJobKey, createStorage, type MediaStorage } from '../src';
import { startS3rver, type S3rverHarness } from '@reel/test-servers';
import { deterministicStream, sha256Of, stallingStream } from './test-streams';

const MIB = 1024 * 1024;

describe('S3 backend: multipart uploads', () => {
  let s3: S3rverHarness;
  let storage: MediaStorage;
  const commands: string[] = [];
  let refuseAborts = false;

  beforeAll(async () => {
    s3 = await startS3rver();
    const s3Client = new S3Client({
      region: s3.region,
      endpoint: s3.endpoint,
      forcePathStyle: true,
      credentials: s3.credentials,
    });
    s3Client.middlewareStack.add(
      (next, context) => async (args) => {
        commands.push(context.commandName ?? 'unknown');
        if (context.commandName === 'AbortMultipartUploadCommand' && refuseAborts) {
          throw Object.assign(new Error('Access Denied'), { name: 'AccessDenied' });
        }
        return next(args);
      },
      { step: 'initialize', name: 'recordCommands' },
    );
    storage = createStorage({ backend: 'aws', bucket: s3.bucket, region: s3.region, s3Client });
  });

  afterAll(async () => {
    await s3?.stop();
  });

  it('streams 300 MB up in parts and back down byte-identical', async () => {
    // Prepare
    const key = buildJobKey({
      env: 'dev',
      tenantId: 'acme',
      jobId: 'long-ep',
      kind: 'input',
      name: 'source.mov',
    });
    const source = deterministicStream({ bytes: 300 * MIB + 123, seed: 42 });

    // Act
    const stored = await storage.putStream({ key, body: source.stream });
    const readBack = await sha256Of(await storage.getStream({ key }));

    // Assess
    expect(stored).toMatchObject({ key, bytes: 300 * MIB + 123, contentType: 'video/quicktime' });
    expect(readBack).toEqual({ sha256: source.sha256(), bytes: 300 * MIB + 123 });
    expect(commands.filter((name) => name === 'CreateMultipartUploadCommand')).toHaveLength(1);
    expect(commands.filter((name) => name === 'UploadPartCommand')).toHaveLength(61);
    expect(commands).toContain('CompleteMultipartUploadCommand');
    expect(commands).not.toContain('PutObjectCommand');
  }, 180_000);

  it('keeps the source error and names the upload id when the multipart abort itself fails', async () => {
    // Prepare
    const key = buildJobKey({
      env: 'dev',
      tenantId: 'acme',
      jobId: 'orphan',
      kind: 'renders',
      name: 'cut.mp4',
    });
    const source = stallingStream(12 * MIB);
    refuseAborts = true;
    const put = storage.putStream({ key, body: source.stream });
    put.catch(() => undefined);
    await source.stalled;

    // Act
    source.fail(new Error('ffmpeg was killed'));
    const failure = await put.then(
      () => undefined,
      (error: unknown) => error as InternalError,
    );

    // Assess
    const { Uploads = [] } = await s3.client.send(
      new ListMultipartUploadsCommand({ Bucket: s3.bucket }),
    );
    const orphan = Uploads.find((upload) => upload.Key === key);
    expect(orphan?.UploadId).toEqual(expect.any(String));
    expect(failure).toBeInstanceOf(InternalError);
    expect(failure?.message).toContain('ffmpeg was killed');
    expect(failure?.details).toMatchObject({ orphanedUploadId: orphan?.UploadId });
    expect(failure?.details.abortError).toContain('Access Denied');
    await s3.client.send(
      new AbortMultipartUploadCommand({ Bucket: s3.bucket, Key: key, UploadId: orphan?.UploadId }),
    );
    refuseAborts = false;
  });
});
