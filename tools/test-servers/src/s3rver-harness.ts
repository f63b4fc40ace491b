import { fork } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { S3Client } from '@aws-sdk/client-s3';
import type { S3rverProcessMessage, S3rverProcessTask } from './s3rver-process';

export interface S3rverHarness {
  endpoint: string;
  bucket: string;
  region: string;
  credentials: { accessKeyId: string; secretAccessKey: string };
  /** A client for assertions that go around the storage lib (ListMultipartUploads, ListObjectsV2). */
  client: S3Client;
  /** Stops the server and removes its directory. */
  stop(): Promise<void>;
}

const STARTUP_TIMEOUT_MS = 30_000;

/**
 * Starts s3rver on a random loopback port with one bucket, its data in a fresh temp dir. It runs
 * in a child process with OpenSSL's legacy provider (see s3rver-process.ts), so callers need no
 * Node flag. s3rver's missing AbortMultipartUpload, ListMultipartUploads and ListParts are filled in.
 *
 * @example
 * const s3 = await startS3rver();
 * afterAll(() => s3.stop());
 */
export async function startS3rver({
  bucket = 'reel-media',
}: { bucket?: string } = {}): Promise<S3rverHarness> {
  const directory = await mkdtemp(join(tmpdir(), 'reel-s3rver-'));
  const task: S3rverProcessTask = { directory, bucket };
  const child = fork(join(import.meta.dirname, 's3rver-process.ts'), [JSON.stringify(task)], {
    execArgv: ['--openssl-legacy-provider', '--import', 'tsx'],
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  let port: number;
  try {
    port = await waitForPort(child);
  } catch (error) {
    child.kill('SIGKILL');
    await rm(directory, { recursive: true, force: true });
    throw error;
  }

  const endpoint = `http://127.0.0.1:${port}`;
  const region = 'us-east-1';
  const credentials = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };
  const client = new S3Client({ region, endpoint, forcePathStyle: true, credentials });
  return {
    endpoint,
    bucket,
    region,
    credentials,
    client,
    async stop() {
      client.destroy();
      if (child.exitCode === null && child.signalCode === null) {
        const exited = once(child, 'exit');
        child.send('stop');
        await exited;
      }
      await rm(directory, { recursive: true, force: true });
    },
  };
}

async function waitForPort(child: ReturnType<typeof fork>): Promise<number> {
  const signal = AbortSignal.timeout(STARTUP_TIMEOUT_MS);
  return new Promise<number>((resolve, reject) => {
    const fail = (reason: string) => reject(new Error(`s3rver did not start: ${reason}`));
    child.once('exit', (code, exitSignal) => fail(`exited (${code ?? exitSignal})`));
    child.once('error', (error) => fail(error.message));
    signal.addEventListener('abort', () => fail(`no answer in ${STARTUP_TIMEOUT_MS} ms`));
    child.on('message', (message: S3rverProcessMessage) => {
      if (message.type === 'listening') resolve(message.port);
    });
  });
}
