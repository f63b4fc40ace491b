import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestEnvironment, type TestEnvironment } from '@reel/test-jobs';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addSineEpisode,
  nodeBin,
  probeCodecsAndDuration,
  reelScript,
  startServeProcess,
  type ServeProcess,
} from './support/serve-process';

// `reel serve` on REEL_BACKEND=aws against s3rver + dynalite: keys verified in the jobs table,
// clip URLs presigned by S3 (not this server's), no /objects route.
describe('npx reel serve (AWS backend on s3rver + dynalite)', () => {
  let workDir: string;
  let environment: TestEnvironment;
  let serve: ServeProcess;
  let apiKey: string;
  let keyId: string;
  let env: Record<string, string | undefined>;

  const reel = (args: string[]) => execa(nodeBin, [reelScript, ...args], { cwd: workDir, env });

  beforeAll(async () => {
    workDir = await mkdtemp(join(tmpdir(), 'reel-cli-serve-aws-'));
    await mkdir(join(workDir, 'tmp'));
    environment = await createTestEnvironment({ name: 'reel-serve-aws', backend: 'aws' });
    const { config } = environment.dependencies;
    if (config.backend !== 'aws') throw new Error('expected the aws backend');
    env = {
      ...process.env,
      TMPDIR: join(workDir, 'tmp'),
      REEL_ENV: 'dev',
      REEL_BACKEND: 'aws',
      REEL_BUCKET: config.bucket,
      REEL_JOBS_TABLE: config.jobsTable,
      REEL_S3_ENDPOINT: config.s3Endpoint,
      REEL_DYNAMODB_ENDPOINT: config.dynamoDbEndpoint,
      AWS_REGION: config.region,
      AWS_EC2_METADATA_DISABLED: 'true',
      REEL_LOCAL_WORKERS: '1',
    };
    const created = await reel(['keys', 'create', '--tenant', 'acme', '--json']);
    ({ secret: apiKey, keyId } = JSON.parse(created.stdout) as { secret: string; keyId: string });
    serve = await startServeProcess({ cwd: workDir, env });
  });
  afterAll(async () => {
    serve?.child.kill('SIGTERM');
    await serve?.exited;
    await environment.cleanup();
    await rm(workDir, { recursive: true, force: true });
  });

  it('answers a clip with a presigned S3 URL that downloads the MP3, and mounts no /objects', async () => {
    // Prepare
    await addSineEpisode(environment, { jobId: 'ep-aws', mp3Path: join(workDir, 'ep.mp3') });
    const headers = { authorization: `Bearer ${apiKey}` };

    // Act
    const answer = await fetch(
      `${serve.url}/api/v1/audio_clips/ep-aws?start_time_ms=500&duration_ms=1500`,
      { headers },
    );
    const body = (await answer.json()) as { clip_url: string; cache_hit: boolean };
    const clip = await fetch(body.clip_url);
    const clipPath = join(workDir, 'clip.mp3');
    await writeFile(clipPath, Buffer.from(await clip.arrayBuffer()));
    const objects = await fetch(`${serve.url}/objects/dev/acme/ep-aws/audio/audio.mp3`);

    // Assess
    expect(answer.status).toBe(200);
    expect(body.cache_hit).toBe(false);
    expect(body.clip_url).toContain('X-Amz-Signature=');
    expect(body.clip_url.startsWith(serve.url)).toBe(false);
    expect(clip.status).toBe(200);
    const probed = await probeCodecsAndDuration(clipPath);
    expect(probed.codecs).toEqual(['mp3']);
    expect(probed.durationSec).toBeCloseTo(1.5, 1);
    expect(serve.publicBaseUrl).toBeUndefined();
    expect(objects.status).toBe(404);
    expect(await objects.json()).toMatchObject({ code: 'NOT_FOUND' });
  });

  it('refuses a key revoked in the jobs table from the next request on (401)', async () => {
    // Prepare
    const url = `${serve.url}/api/v1/audio_clips/ep-missing?start_time_ms=0&duration_ms=1000`;
    const headers = { authorization: `Bearer ${apiKey}` };
    const before = await fetch(url, { headers });

    // Act
    await reel(['keys', 'revoke', '--tenant', 'acme', '--key', keyId]);
    const after = await fetch(url, { headers });

    // Assess
    expect(before.status).toBe(404);
    expect(after.status).toBe(401);
    expect(await after.json()).toMatchObject({ code: 'UNAUTHORIZED' });
  });
});
