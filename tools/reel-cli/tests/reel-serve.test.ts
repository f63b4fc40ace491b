import { randomBytes } from 'node:crypto';
import { request } from 'node:http';
import { connect, createServer, type AddressInfo } from 'node:net';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { createStorage, loadOrCreateUrlSigningSecret, signLocalUrl } from '@reel/storage';
import { createTestEnvironment, type TestEnvironment } from '@reel/test-jobs';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addSineEpisode,
  isRunning,
  keyPattern,
  nodeBin,
  probeCodecsAndDuration,
  reelScript,
  startServeProcess,
  waitFor,
  type ServeProcess,
} from './support/serve-process';

// `reel serve` as a user runs it: the built CLI in a child process on the workspace's Node, the
// built audio-clips-api bundle in its hosts, requests over a real socket (local backend).

describe('npx reel serve', () => {
  let workDir: string;
  let environment: TestEnvironment;
  let storageDir: string;
  let apiKey: string;
  const env = () => ({
    ...process.env,
    MEDIA_STORAGE_PATH: storageDir,
    TMPDIR: join(workDir, 'tmp'),
    REEL_ENV: 'dev',
    REEL_LOCAL_WORKERS: '1',
  });

  const startServe = () => startServeProcess({ cwd: workDir, env: env() });

  beforeAll(async () => {
    workDir = await mkdtemp(join(tmpdir(), 'reel-cli-serve-'));
    await mkdir(join(workDir, 'tmp'));
    // Jobs made as the CLI makes them, in the media root the server is started on.
    environment = await createTestEnvironment({ name: 'reel-serve' });
    const { config } = environment.dependencies;
    if (config.backend !== 'local') throw new Error('expected the local backend');
    storageDir = config.mediaStoragePath;
    const created = await execa(nodeBin, [reelScript, 'keys', 'create', '--tenant', 'acme'], {
      cwd: workDir,
      env: env(),
    });
    apiKey = keyPattern.exec(created.stdout)?.[0] as string;
  });
  afterAll(async () => {
    await environment.cleanup();
    await rm(workDir, { recursive: true, force: true });
  });

  describe('a running server', () => {
    let serve: ServeProcess;

    beforeAll(async () => {
      serve = await startServe();
    });
    afterAll(async () => {
      serve.child.kill('SIGTERM');
      await serve.exited;
    });

    it('answers an unknown route 404 as problem+json naming the routes it has', async () => {
      // Act
      const response = await fetch(`${serve.url}/nope?x=1`);

      // Assess
      expect(response.status).toBe(404);
      expect(response.headers.get('content-type')).toBe('application/problem+json');
      expect(await response.json()).toMatchObject({
        status: 404,
        code: 'NOT_FOUND',
        detail: 'No route GET /nope',
        advice: expect.stringContaining('ANY /api/v1/audio_clips/{proxy+}'),
      });
    });

    it('refuses the clips API without a key and with a bad one (401) before the app runs', async () => {
      // Act
      const noKey = await fetch(`${serve.url}/api/v1/audio_clips/ep-1?start_time_ms=0`);
      const badKey = await fetch(`${serve.url}/api/v1/audio_clips/ep-1?start_time_ms=0`, {
        headers: {
          authorization: `Bearer ${apiKey.slice(0, -1)}${apiKey.endsWith('a') ? 'b' : 'a'}`,
        },
      });

      // Assess
      expect(noKey.status).toBe(401);
      expect(noKey.headers.get('www-authenticate')).toBe('Bearer');
      expect(await noKey.json()).toMatchObject({ code: 'UNAUTHORIZED' });
      expect(badKey.status).toBe(401);
      expect(await badKey.json()).toMatchObject({
        code: 'UNAUTHORIZED',
        detail: 'The API key is missing, malformed, unknown or revoked',
      });
    });

    it("runs the clips API with a key from `reel keys create`: the tenant's unknown episode is a typed 404", async () => {
      // Act
      const response = await fetch(
        `${serve.url}/api/v1/audio_clips/no-such-episode?start_time_ms=0&duration_ms=1000`,
        { headers: { authorization: `Bearer ${apiKey}` } },
      );

      // Assess
      expect(response.status).toBe(404);
      expect(response.headers.get('content-type')).toBe('application/problem+json');
      expect(response.headers.get('apigw-requestid')).toMatch(/^[0-9a-f-]{36}$/);
      expect(await response.json()).toMatchObject({
        code: 'NOT_FOUND',
        instance: '/api/v1/audio_clips/no-such-episode',
      });
    });

    it('answers a clip of an episode with a URL of this server that downloads the MP3, then from the cache', async () => {
      // Prepare: a 6 s episode with extracted audio, as audio-extraction leaves it
      await addSineEpisode(environment, { jobId: 'ep-served', mp3Path: join(workDir, 'ep.mp3') });
      const clipUrl = `${serve.url}/api/v1/audio_clips/ep-served?start_time_ms=1000&duration_ms=2000`;
      const headers = { authorization: `Bearer ${apiKey}` };

      // Act
      const first = await fetch(clipUrl, { headers });
      const firstBody = (await first.json()) as { clip_url: string; cache_hit: boolean };
      const second = await fetch(clipUrl, { headers });
      const secondBody = (await second.json()) as { clip_url: string; cache_hit: boolean };
      const clip = await fetch(secondBody.clip_url);
      const clipPath = join(workDir, 'clip.mp3');
      await writeFile(clipPath, Buffer.from(await clip.arrayBuffer()));

      // Assess
      expect(first.status).toBe(200);
      expect(firstBody).toMatchObject({ cache_hit: false, generation_time_ms: expect.any(Number) });
      expect(second.status).toBe(200);
      expect(secondBody.cache_hit).toBe(true);
      expect(
        secondBody.clip_url.startsWith(
          `${serve.publicBaseUrl}/dev/acme/audio_clips/ep-served/1000-3000.mp3?`,
        ),
      ).toBe(true);
      expect(clip.status).toBe(200);
      expect(clip.headers.get('content-type')).toBe('audio/mpeg');
      const probed = await probeCodecsAndDuration(clipPath);
      expect(probed.codecs).toEqual(['mp3']);
      expect(probed.durationSec).toBeCloseTo(2, 1);
    });

    it('serves a signed object URL: 200 whole, 206 for a range, 403 once changed or expired', async () => {
      // Prepare
      const key = 'dev/acme/talk-1/audio/audio.mp3';
      const bytes = randomBytes(64 * 1024);
      const storage = createStorage({
        backend: 'local',
        rootDir: storageDir,
        publicBaseUrl: serve.publicBaseUrl as string,
      });
      await storage.putStream({ key, body: Readable.from([bytes]) });
      const url = await storage.getUrl({ key, expiresInSec: 600 });
      const signature = new URL(url).searchParams.get('signature') as string;
      const tampered = url.replace(
        `signature=${signature}`,
        `signature=${signature[0] === 'A' ? 'B' : 'A'}${signature.slice(1)}`,
      );
      const expired = signLocalUrl({
        baseUrl: serve.publicBaseUrl as string,
        key,
        method: 'GET',
        expiresAtMs: Date.now() - 1000,
        secret: await loadOrCreateUrlSigningSecret({ rootDir: storageDir }),
      });

      // Act
      const whole = await fetch(url);
      const range = await fetch(url, { headers: { range: 'bytes=1000-1999' } });
      const changed = await fetch(tampered);
      const late = await fetch(expired);

      // Assess
      expect(url.startsWith(`${serve.publicBaseUrl}/${key}?`)).toBe(true);
      expect(whole.status).toBe(200);
      expect(Buffer.from(await whole.arrayBuffer()).equals(bytes)).toBe(true);
      expect(range.status).toBe(206);
      expect(range.headers.get('content-range')).toBe(`bytes 1000-1999/${bytes.length}`);
      expect(Buffer.from(await range.arrayBuffer()).equals(bytes.subarray(1000, 2000))).toBe(true);
      expect(changed.status).toBe(403);
      expect(await changed.json()).toMatchObject({ code: 'PERMISSION_DENIED' });
      expect(late.status).toBe(403);
    });

    it('refuses an API body over 6 MiB with 413 before the client sends it (no 100 Continue)', async () => {
      // Prepare
      const { hostname, port } = new URL(serve.url);
      const socket = connect({ host: hostname, port: Number(port) });
      let received = '';
      socket.on('data', (chunk: Buffer) => (received += chunk.toString()));
      const ended = new Promise((resolve) => socket.once('end', resolve));

      // Act
      socket.write(
        [
          'POST /api/v1/audio_clips/ep-1 HTTP/1.1',
          `Host: ${hostname}:${port}`,
          `Authorization: Bearer ${apiKey}`,
          'Content-Type: application/json',
          `Content-Length: ${7 * 1024 * 1024}`,
          'Expect: 100-continue',
          'Connection: close',
          '',
          '',
        ].join('\r\n'),
      );
      await ended;

      // Assess
      expect(received).not.toContain('100 Continue');
      expect(received.startsWith('HTTP/1.1 413 ')).toBe(true);
      expect(received).toContain('"code":"PAYLOAD_TOO_LARGE"');
    });

    it('logs one JSON line per request, without signatures, with the request id it answered', async () => {
      // Prepare
      const response = await fetch(`${serve.url}/api/v1/audio_clips/ep-log?start_time_ms=5`, {
        headers: { authorization: `Bearer ${apiKey}` },
      });
      const requestId = response.headers.get('apigw-requestid');
      await response.arrayBuffer();
      await new Promise((resolve) => setTimeout(resolve, 100));

      // Act
      const lines = serve.stdoutLines().map((line) => JSON.parse(line) as Record<string, unknown>);

      // Assess
      const requests = lines.filter((line) => line['message'] === 'Request');
      expect(requests.length).toBeGreaterThanOrEqual(12);
      expect(requests.find((line) => line['requestId'] === requestId)).toMatchObject({
        level: 'INFO',
        method: 'GET',
        path: '/api/v1/audio_clips/ep-log',
        query: 'start_time_ms=5',
        status: 400,
        durationMs: expect.any(Number),
      });
      const objectLines = requests.filter((line) => String(line['path']).startsWith('/objects/'));
      // The clip's download and the signed-URL test's requests; the clip API's ffmpeg reads its
      // episode through this server too (ranges of a signed URL the host minted).
      const statuses = objectLines.map((line) => line['status']);
      expect(statuses.filter((status) => status === 403)).toHaveLength(2);
      expect(statuses).toEqual(expect.arrayContaining([200, 206]));
      for (const line of objectLines) {
        expect(line['query']).toMatch(/^expires=\d+$/);
        expect(line['requestId']).toMatch(/^[0-9a-f-]{36}$/);
      }
    });
  });

  it('on SIGTERM answers the request in flight, refuses new connections, and leaves no host running', async () => {
    // Prepare: a request whose body is half sent when the signal comes
    const serve = await startServe();
    const { hostname, port } = new URL(serve.url);
    await waitFor(async () => (await serve.hostPids()).length > 0);
    const hostPids = await serve.hostPids();
    const body = '{"slow":1}';
    let answered = '';
    const slow = request({
      host: hostname,
      port,
      method: 'POST',
      path: '/api/v1/audio_clips/ep-1',
      headers: {
        authorization: `Bearer ${apiKey}`,
        'content-type': 'application/json',
        'content-length': String(body.length),
      },
    });
    const response = new Promise<number>((resolve, reject) => {
      slow.once('response', (incoming) => {
        incoming.on('data', (chunk: Buffer) => (answered += chunk.toString()));
        incoming.once('end', () => resolve(incoming.statusCode ?? 0));
      });
      slow.once('error', reject);
    });
    // Awaited below; a failure before then must fail this test, not the run.
    response.catch(() => undefined);
    slow.write(body.slice(0, 4));
    await new Promise((resolve) => setTimeout(resolve, 200));

    // Act
    serve.child.kill('SIGTERM');
    await waitFor(async () => serve.stderr().includes('SIGTERM: stopping'));
    const duringStop = await fetch(`${serve.url}/nope`).then(
      (late) => late.status,
      (error: Error) => (error.cause as NodeJS.ErrnoException | undefined)?.code,
    );
    slow.end(body.slice(4));
    const status = await response;
    const exit = await serve.exited;

    // Assess: the app's own answer (405: the clips API has GET only), through its still-running host
    expect(status).toBe(405);
    expect(JSON.parse(answered)).toMatchObject({ code: 'METHOD_NOT_ALLOWED' });
    expect(duringStop).toBe('ECONNREFUSED');
    expect(exit).toEqual({ code: 0, signal: null });
    expect(serve.stderr()).toContain('1 request(s) in flight finish first');
    expect(serve.stderr()).toContain('Stopped: every request answered, every host exited.');
    expect(hostPids.length).toBeGreaterThan(0);
    for (const pid of hostPids) expect(isRunning(pid)).toBe(false);
  });

  it('exits at once on a second signal, its hosts going with it', async () => {
    // Prepare: a request that never finishes sending its body
    const serve = await startServe();
    await waitFor(async () => (await serve.hostPids()).length > 0);
    const hostPids = await serve.hostPids();
    const { hostname, port } = new URL(serve.url);
    const stuck = request({
      host: hostname,
      port,
      method: 'POST',
      path: '/api/v1/audio_clips/ep-1',
      headers: { 'content-type': 'application/json', 'content-length': '100' },
    });
    stuck.on('error', () => undefined);
    stuck.write('{');
    await new Promise((resolve) => setTimeout(resolve, 200));

    // Act
    serve.child.kill('SIGTERM');
    await waitFor(async () => serve.stderr().includes('SIGTERM: stopping'));
    serve.child.kill('SIGTERM');
    const exit = await serve.exited;
    stuck.destroy();

    // Assess
    expect(exit.code).toBe(143);
    expect(serve.stderr()).toContain('SIGTERM again: exiting now.');
    await waitFor(async () => hostPids.every((pid) => !isRunning(pid)), 10_000);
  });

  it('refuses a port in use with a typed error and exit code 1', async () => {
    // Prepare
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const { port } = taken.address() as AddressInfo;

    // Act
    const result = await execa(
      nodeBin,
      [reelScript, 'serve', '--port', String(port), '--no-build'],
      { cwd: workDir, env: env(), reject: false, timeout: 30_000 },
    ).finally(() => taken.close());

    // Assess
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain(`CONFIG_INVALID: Port ${port} on 127.0.0.1 is already in use`);
    expect(result.stderr).toContain('--port 0 picks a free one');
  });

  it.each([
    [['--port', 'http'], '--port "http" is not a port.'],
    [['--port', '70000'], '--port "70000" is not a port.'],
    [['--bogus'], "Unknown option '--bogus'"],
  ])('refuses %j as a usage error (exit 2)', async (args, message) => {
    // Act
    const result = await execa(nodeBin, [reelScript, 'serve', ...args], {
      cwd: workDir,
      env: env(),
      reject: false,
    });

    // Assess
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain(message);
  });

  it('explains itself with --help: routes, keys, object URLs, stopping', async () => {
    // Act
    const result = await execa(nodeBin, [reelScript, 'help', 'serve'], { env: env() });

    // Assess
    expect(result.stdout).toContain('Usage: npx reel serve [--port 8080] [--host 127.0.0.1]');
    expect(result.stdout).toContain('ANY /api/v1/audio_clips/{proxy+}');
    expect(result.stdout).toContain('0 picks a free one');
    expect(result.stdout).toContain('npx reel keys create --tenant ID');
    expect(result.stdout).toContain('a second signal exits at once');
  });
});
