import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestEnvironment, type TestEnvironment } from '@reel/test-jobs';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOpenApiResponseChecker, type RecordedResponse } from './support/openapi-responses';
import { readShellBlock, runShellLine } from './support/readme-shell';
import {
  addSineEpisode,
  nodeBin,
  reelScript,
  startServeProcess,
  type ServeProcess,
} from './support/serve-process';

// The video API's whole lifecycle as a user drives it: `reel serve` (the built CLI, the built
// video-api and workflow bundles in its hosts) on a random port, requests over a real socket,
// the root README's curl sequence run as written, every output downloaded and ffprobed, and every
// API answer checked against the checked-in OpenAPI documents.

const workspaceRoot = join(import.meta.dirname, '../../..');
const readOpenApi = (app: string) =>
  JSON.parse(readFileSync(join(workspaceRoot, 'apps', app, 'openapi.json'), 'utf8'));
/** Where the README's commands point; the test's server listens elsewhere. */
const README_BASE_URL = 'http://127.0.0.1:8080';
const SOURCE_DURATION_SEC = 4;
// Under the file's 240 s test timeout, with room for the downloads and probes after it.
const PROCESSING_TIMEOUT_MS = 200_000;
/** Object URLs of the server, not routes of an API document. */
const SIGNED_URL_PATHS = /^\/(uploads|objects)\//;

interface VideoBody {
  id: string;
  status: string;
  uploadUrl?: string;
  links: Record<string, string>;
  streams?: { hls: string; dash: string };
  error?: unknown;
}

interface Answer {
  status: number;
  contentType: string | undefined;
  text: string;
  json: () => unknown;
}

interface Probed {
  format: { duration?: string; start_time?: string; format_name: string };
  streams: Array<{ codec_type: string; codec_name: string; width?: number; height?: number }>;
}

describe('npx reel serve: the video API lifecycle over a real socket', () => {
  let workDir: string;
  let uploadsDir: string;
  let storageDir: string;
  let environment: TestEnvironment;
  let serve: ServeProcess;
  const keys: Record<'acme' | 'globex' | 'initech', string> = { acme: '', globex: '', initech: '' };
  /** Every API answer of this file, checked against the OpenAPI documents by the last test. */
  const recorded: RecordedResponse[] = [];
  const env = () => ({
    ...process.env,
    MEDIA_STORAGE_PATH: storageDir,
    REEL_UPLOAD_PATH: uploadsDir,
    TMPDIR: join(workDir, 'tmp'),
    REEL_ENV: 'dev',
    // Two hosts per API, so concurrent requests really run at once.
    REEL_LOCAL_WORKERS: '2',
  });
  const reel = (args: string[]) =>
    execa(nodeBin, [reelScript, ...args], { cwd: workDir, env: env() });

  /** A request to the API as a client makes it, recorded for the OpenAPI check. */
  async function api(
    path: string,
    { method = 'GET', key, body }: { method?: string; key?: string; body?: unknown } = {},
  ): Promise<Answer> {
    const response = await fetch(`${serve.url}${path}`, {
      method,
      headers: {
        ...(key === undefined ? {} : { authorization: `Bearer ${key}` }),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    const contentType = response.headers.get('content-type')?.split(';')[0]?.trim();
    recorded.push({
      method,
      path: path.split('?')[0] as string,
      status: response.status,
      contentType,
      body: text,
    });
    return { status: response.status, contentType, text, json: () => JSON.parse(text) };
  }

  const createVideo = async (key: string, title: string, fileSizeBytes: number) => {
    const answer = await api('/videos', { method: 'POST', key, body: { title, fileSizeBytes } });
    expect(answer.status, answer.text).toBe(201);
    return answer.json() as VideoBody & { uploadUrl: string };
  };

  const put = (url: string, body: Buffer) => fetch(url, { method: 'PUT', body });

  beforeAll(async () => {
    workDir = await mkdtemp(join(tmpdir(), 'reel-serve-lifecycle-'));
    uploadsDir = join(workDir, 'uploads');
    await mkdir(join(workDir, 'tmp'));
    // The media root of jobs made as the CLI makes them (the clips API's episode).
    environment = await createTestEnvironment({ name: 'reel-serve-lifecycle' });
    const { config } = environment.dependencies;
    if (config.backend !== 'local') throw new Error('expected the local backend');
    storageDir = config.mediaStoragePath;
    await generateTalk(join(workDir, 'talk.mp4'));
    for (const tenant of ['acme', 'globex', 'initech'] as const) {
      const created = await reel(['keys', 'create', '--tenant', tenant, '--json']);
      keys[tenant] = (JSON.parse(created.stdout) as { secret: string }).secret;
    }
    serve = await startServeProcess({ cwd: workDir, env: env() });
  });
  afterAll(async () => {
    serve?.child.kill('SIGTERM');
    await serve?.exited;
    await environment?.cleanup();
    await rm(workDir, { recursive: true, force: true });
  });

  it("runs the README's curl sequence as written: health, create, PUT, process, poll to completed, list; every link downloads and probes as what it claims", async () => {
    // Prepare
    const readme = await readFile(join(workspaceRoot, 'README.md'), 'utf8');
    const lines = readShellBlock(readme, {
      heading: '### The HTTP APIs, locally: `npx reel serve`',
      containing: '/videos/$ID/process',
    });
    const vars: Record<string, string> = { KEY: keys.acme };
    const steps: string[] = [];
    let lastVideo: VideoBody | undefined;
    let listed: { videos: VideoBody[] } | undefined;

    // Act: each line once, except that reading a video still queued or processing is repeated
    for (const line of lines) {
      const giveUpAtMs = Date.now() + PROCESSING_TIMEOUT_MS;
      for (;;) {
        const exchange = await runReadmeLine(line, vars);
        if (exchange === undefined) break;
        steps.push(exchange.step);
        if (exchange.step === 'GET /videos/{id} 200') lastVideo = JSON.parse(exchange.body);
        if (exchange.step === 'GET /videos 200') listed = JSON.parse(exchange.body);
        const running = lastVideo?.status === 'queued' || lastVideo?.status === 'processing';
        if (exchange.step !== 'GET /videos/{id} 200' || !running) break;
        if (Date.now() > giveUpAtMs) {
          throw new Error(`Not completed in ${PROCESSING_TIMEOUT_MS} ms: ${exchange.body}`);
        }
        await new Promise((resolve) => setTimeout(resolve, 1000));
      }
    }

    // Assess: the sequence the issue asks for, in order
    expect(steps.filter((step, index) => step !== steps[index - 1])).toEqual([
      'GET /health 200',
      'POST /videos 201',
      'PUT /uploads/… 200',
      'POST /videos/{id}/process 202',
      'GET /videos/{id} 200',
      'GET /videos 200',
    ]);
    const video = lastVideo as VideoBody;
    expect(video.status, JSON.stringify(video)).toBe('completed');
    expect(
      vars['UPLOAD_URL']?.startsWith(`${serve.url}/uploads/dev/acme/${video.id}/talk.mp4?`),
    ).toBe(true);
    expect(video.streams).toMatchObject({
      hls: `/videos/${video.id}/stream/master.m3u8`,
      dash: `/videos/${video.id}/stream/manifest.mpd`,
    });
    // The playlists answer with the key (playing them is reel-serve-streams.test.ts's part).
    const master = await api(video.streams?.hls as string, { key: keys.acme });
    const mpd = await api(video.streams?.dash as string, { key: keys.acme });
    expect(master.status, master.text).toBe(200);
    expect(master.text.startsWith('#EXTM3U')).toBe(true);
    expect(mpd.status, mpd.text).toBe(200);
    expect(mpd.text).toContain('<MPD');
    expect(listed?.videos.map(({ id, status }) => ({ id, status }))).toEqual([
      { id: video.id, status: 'completed' },
    ]);
    expect(Object.keys(video.links).sort()).toEqual(
      [
        'audio',
        'cutPlan',
        'edl',
        'mp4',
        'poster',
        'render',
        'sprite',
        'storyboard',
        'transcript',
        'transcriptSrt',
        'transcriptVtt',
      ].sort(),
    );
    const files: Record<string, string> = {};
    for (const [kind, url] of Object.entries(video.links)) {
      expect(url.startsWith(`${serve.publicBaseUrl}/dev/acme/${video.id}/`), url).toBe(true);
      const download = await fetch(url);
      expect(download.status, `${kind}: ${url}`).toBe(200);
      files[kind] = join(workDir, `link-${kind}`);
      await writeFile(files[kind], Buffer.from(await download.arrayBuffer()));
    }
    const audio = await probeMedia(files['audio'] as string);
    expect(audio.streams.map(({ codec_name }) => codec_name)).toEqual(['mp3']);
    // What plays: an MP3's container duration also counts the encoder delay before start_time.
    const audioSec = Number(audio.format.duration) - Number(audio.format.start_time ?? 0);
    expect(Math.abs(audioSec - SOURCE_DURATION_SEC)).toBeLessThanOrEqual(0.1);
    for (const kind of ['render', 'mp4']) {
      const { streams } = await probeMedia(files[kind] as string);
      expect(streams.map(({ codec_name }) => codec_name).sort(), kind).toEqual(['aac', 'h264']);
      expect(
        streams.find(({ codec_type }) => codec_type === 'video'),
        kind,
      ).toMatchObject({ width: 640, height: 360 });
    }
    for (const kind of ['poster', 'sprite']) {
      const { streams } = await probeMedia(files[kind] as string);
      expect(streams, kind).toEqual([
        expect.objectContaining({ codec_name: 'mjpeg', codec_type: 'video' }),
      ]);
      expect(streams[0]?.width, kind).toBeGreaterThan(0);
      expect(streams[0]?.height, kind).toBeGreaterThan(0);
    }
    const poster = await probeMedia(files['poster'] as string);
    expect(poster.streams[0]).toMatchObject({ width: 640, height: 360 });
    const text = async (kind: string) => readFile(files[kind] as string, 'utf8');
    const transcript = JSON.parse(await text('transcript')) as {
      words: Array<{ text: string; startMs: number; endMs: number }>;
    };
    expect(transcript.words.length).toBeGreaterThan(2);
    expect(transcript.words[0]).toMatchObject({
      text: expect.any(String),
      startMs: expect.any(Number),
      endMs: expect.any(Number),
    });
    expect(await text('transcriptSrt')).toMatch(
      /^1\r?\n\d\d:\d\d:\d\d,\d{3} --> \d\d:\d\d:\d\d,\d{3}\r?\n\S/,
    );
    expect(await text('transcriptVtt')).toMatch(/^WEBVTT\r?\n\r?\n\d\d:\d\d:\d\d\.\d{3} --> /);
    expect(JSON.parse(await text('cutPlan'))).toMatchObject({
      schemaVersion: 1,
      source: { durationMs: SOURCE_DURATION_SEC * 1000, video: { width: 640, height: 360 } },
    });
    expect(await text('edl')).toMatch(/^TITLE: talk\.mp4\r?\nFCM: /);
    expect(await text('storyboard')).toMatch(
      /^WEBVTT\r?\n\r?\n[\s\S]*sprite\.jpg#xywh=\d+,\d+,\d+,\d+/,
    );
  });

  it('lists by status across 3 pages: 2, 2, 1, newest first, no duplicates, only that status', async () => {
    // Prepare: six videos of one tenant, the third one uploaded
    const created: VideoBody[] = [];
    for (let index = 1; index <= 6; index += 1) {
      created.push(await createVideo(keys.initech, `Episode ${index}`, 16));
    }
    const uploaded = created[2] as VideoBody & { uploadUrl: string };
    expect((await put(uploaded.uploadUrl, randomBytes(16))).status).toBe(200);
    expect((await api(`/videos/${uploaded.id}`, { key: keys.initech })).json()).toMatchObject({
      status: 'uploaded',
    });

    // Act
    const pages: VideoBody[][] = [];
    let cursor: string | undefined;
    do {
      const query = `status=awaiting_upload&limit=2${cursor === undefined ? '' : `&cursor=${encodeURIComponent(cursor)}`}`;
      const answer = await api(`/videos?${query}`, { key: keys.initech });
      expect(answer.status, answer.text).toBe(200);
      const page = answer.json() as { videos: VideoBody[]; nextCursor?: string };
      pages.push(page.videos);
      cursor = page.nextCursor;
    } while (cursor !== undefined && pages.length < 5);
    const byUploaded = (await api('/videos?status=uploaded', { key: keys.initech })).json() as {
      videos: VideoBody[];
    };

    // Assess
    expect(pages.map((page) => page.length)).toEqual([2, 2, 1]);
    const awaiting = created.filter(({ id }) => id !== uploaded.id).reverse();
    expect(pages.flat().map(({ id }) => id)).toEqual(awaiting.map(({ id }) => id));
    expect(pages.flat().every(({ status }) => status === 'awaiting_upload')).toBe(true);
    expect(byUploaded.videos.map(({ id }) => id)).toEqual([uploaded.id]);
  });

  it('gives exactly one of 10 concurrent process calls the run (202), the others 409 naming the status; DELETE ?cancel=true then stops it and leaves nothing', async () => {
    // Prepare
    const talk = await readFile(join(workDir, 'talk.mp4'));
    const video = await createVideo(keys.acme, 'Race', talk.length);
    expect((await put(video.uploadUrl, talk)).status).toBe(200);

    // Act
    const answers = await Promise.all(
      Array.from({ length: 10 }, () =>
        api(`/videos/${video.id}/process`, { method: 'POST', key: keys.acme }),
      ),
    );
    const deleted = await api(`/videos/${video.id}?cancel=true`, {
      method: 'DELETE',
      key: keys.acme,
    });
    const gone = await api(`/videos/${video.id}`, { key: keys.acme });

    // Assess
    expect(answers.map(({ status }) => status).sort()).toEqual([202, ...Array(9).fill(409)]);
    expect(answers.find(({ status }) => status === 202)?.json()).toMatchObject({
      status: 'queued',
      run: { number: 1 },
    });
    for (const conflict of answers.filter(({ status }) => status === 409)) {
      expect(conflict.contentType).toBe('application/problem+json');
      expect(conflict.json()).toMatchObject({
        status: 409,
        code: 'CONFLICT',
        detail: expect.stringMatching(new RegExp(`^Video ${video.id} is (queued|processing)$`)),
      });
    }
    expect(deleted.status, deleted.text).toBe(204);
    expect(gone.status).toBe(404);
    expect(await filesUnder(join(storageDir, 'dev/acme', video.id))).toEqual([]);
    expect(await filesUnder(join(uploadsDir, 'dev/acme', video.id))).toEqual([]);
  });

  it("keeps tenants apart (another tenant's video and episode are 404) and refuses no key, a wrong key and a revoked one (401)", async () => {
    // Prepare
    const video = await createVideo(keys.acme, 'Private', 1000);
    await addSineEpisode(environment, {
      jobId: 'ep-acme',
      mp3Path: join(workDir, 'ep.mp3'),
      durationSec: 3,
    });
    const clipPath = '/api/v1/audio_clips/ep-acme?start_time_ms=500&duration_ms=1000';
    const revocable = JSON.parse(
      (await reel(['keys', 'create', '--tenant', 'acme', '--json'])).stdout,
    ) as {
      secret: string;
      keyId: string;
    };
    const beforeRevoke = await api('/videos', { key: revocable.secret });
    const wrongKey = `${keys.acme.slice(0, -1)}${keys.acme.endsWith('a') ? 'b' : 'a'}`;

    // Act
    const intruder = [
      await api(`/videos/${video.id}`, { key: keys.globex }),
      await api(`/videos/${video.id}/process`, { method: 'POST', key: keys.globex }),
      await api(`/videos/${video.id}`, { method: 'DELETE', key: keys.globex }),
      await api(clipPath, { key: keys.globex }),
    ];
    const owner = [
      await api(`/videos/${video.id}`, { key: keys.acme }),
      await api(clipPath, { key: keys.acme }),
    ];
    await reel(['keys', 'revoke', '--tenant', 'acme', '--key', revocable.keyId]);
    const refused = [
      await api('/videos'),
      await api('/videos', { key: wrongKey }),
      await api('/videos', { key: revocable.secret }),
      await api(`/videos/${video.id}`, { method: 'DELETE' }),
    ];

    // Assess
    for (const answer of intruder) {
      expect(answer.status, answer.text).toBe(404);
      expect(answer.json()).toMatchObject({ code: 'NOT_FOUND' });
    }
    expect(owner.map(({ status }) => status)).toEqual([200, 200]);
    expect(owner[0]?.json()).toMatchObject({ id: video.id, status: 'awaiting_upload' });
    expect(beforeRevoke.status).toBe(200);
    for (const answer of refused) {
      expect(answer.status, answer.text).toBe(401);
      expect(answer.contentType).toBe('application/problem+json');
      expect(answer.json()).toMatchObject({ code: 'UNAUTHORIZED' });
    }
  });

  it('refuses through the upload URL alone a file longer (413) or shorter (403) than declared, storing nothing', async () => {
    // Prepare
    const video = await createVideo(keys.acme, 'Exact', 1000);
    const bytes = randomBytes(1001);

    // Act
    const longer = await put(video.uploadUrl, bytes);
    const shorter = await put(video.uploadUrl, bytes.subarray(0, 999));
    const storedAfterRefusals = await filesUnder(join(uploadsDir, 'dev/acme', video.id));
    const stillAwaiting = await api(`/videos/${video.id}`, { key: keys.acme });
    const early = await api(`/videos/${video.id}/process`, { method: 'POST', key: keys.acme });
    const exact = await put(video.uploadUrl, bytes.subarray(0, 1000));
    const arrived = await api(`/videos/${video.id}`, { key: keys.acme });

    // Assess
    expect(longer.status).toBe(413);
    expect(await longer.json()).toMatchObject({ code: 'PAYLOAD_TOO_LARGE' });
    expect(shorter.status).toBe(403);
    expect(await shorter.json()).toMatchObject({ code: 'PERMISSION_DENIED' });
    expect(storedAfterRefusals).toEqual([]);
    expect(stillAwaiting.json()).toMatchObject({ status: 'awaiting_upload' });
    expect(early.status).toBe(409);
    expect(early.json()).toMatchObject({
      code: 'CONFLICT',
      detail: `Video ${video.id} is awaiting_upload`,
    });
    expect(exact.status).toBe(200);
    expect(arrived.json()).toMatchObject({ status: 'uploaded' });
    expect(await filesUnder(join(uploadsDir, 'dev/acme', video.id))).toEqual(['source.mp4']);
  });

  it('answered every API request of this file as its OpenAPI document describes', () => {
    // Prepare
    const checkers = {
      video: createOpenApiResponseChecker(readOpenApi('video-api')),
      clips: createOpenApiResponseChecker(readOpenApi('audio-clips-api')),
    };
    const answers = recorded.filter(({ path }) => !SIGNED_URL_PATHS.test(path));

    // Act
    const problems = answers.flatMap((answer) =>
      (answer.path.startsWith('/api/v1/audio_clips/') ? checkers.clips : checkers.video)(answer),
    );

    // Assess: the tests above ran first (a file's tests run in order) and used every operation
    expect(problems).toEqual([]);
    const statuses = new Set(
      answers.map(({ method, path, status }) => `${method} ${templateOf(path)} ${status}`),
    );
    expect([...statuses].sort()).toEqual(
      expect.arrayContaining([
        'GET /health 200',
        'POST /videos 201',
        'GET /videos 200',
        'GET /videos/{id} 200',
        'POST /videos/{id}/process 202',
        'POST /videos/{id}/process 409',
        'DELETE /videos/{id} 204',
        'GET /videos 401',
        'GET /videos/{id} 404',
        'GET /api/v1/audio_clips/{id} 404',
        'GET /videos/{id}/stream/master.m3u8 200',
        'GET /videos/{id}/stream/manifest.mpd 200',
      ]),
    );
  });

  /**
   * Runs one README line with curl aimed at this server, and records the answer of a curl
   * (curl writes method, status, type and URL to stderr with `-w`; the body stays on stdout).
   */
  async function runReadmeLine(
    line: string,
    vars: Record<string, string>,
  ): Promise<{ step: string; body: string } | undefined> {
    const result = await runShellLine(line, {
      vars,
      cwd: workDir,
      rewriteArgv: ([file, ...args]) =>
        file === 'curl'
          ? [
              file,
              ...args.map((arg) => arg.replace(README_BASE_URL, serve.url)),
              '-w',
              '%{stderr}curl-answer %{method} %{response_code} %{content_type} %{url_effective}\n',
            ]
          : [file as string, ...args],
    });
    expect(result.exitCode, `${line}\n${result.stderr}`).toBe(0);
    const answer = /^curl-answer (\S+) (\d+) (\S*) (\S+)$/m.exec(result.stderr);
    if (answer === null) return undefined;
    const [, method, status, contentType, url] = answer as unknown as [
      string,
      string,
      string,
      string,
      string,
    ];
    const path = new URL(url).pathname;
    recorded.push({
      method,
      path,
      status: Number(status),
      contentType: contentType.split(';')[0] || undefined,
      body: result.stdout,
    });
    return { step: `${method} ${templateOf(path)} ${status}`, body: result.stdout };
  }
});

/** A path with its ids replaced by their templates, as the steps above are named. */
function templateOf(path: string): string {
  if (SIGNED_URL_PATHS.test(path)) return `${path.slice(0, path.indexOf('/', 1))}/…`;
  return path
    .replace(/^\/videos\/[^/]+/, '/videos/{id}')
    .replace(/^\/api\/v1\/audio_clips\/[^/]+/, '/api/v1/audio_clips/{id}');
}

/** 4 s of 640x360 test pattern with espeak-ng speech (44.1 kHz AAC), so the transcript has words. */
async function generateTalk(path: string): Promise<void> {
  const speechPath = `${path}.speech.wav`;
  await execa('espeak-ng', [
    '-v',
    'en-us',
    '-s',
    '150',
    '-w',
    speechPath,
    'Welcome to the reel podcast. Today we talk about media.',
  ]);
  // prettier-ignore
  await execa('ffmpeg', [
    '-nostdin', '-v', 'error',
    '-f', 'lavfi', '-i', `testsrc2=size=640x360:rate=25:duration=${SOURCE_DURATION_SEC}`,
    '-i', speechPath,
    '-filter_complex', '[1:a]aresample=44100,apad[speech]',
    '-map', '0:v', '-map', '[speech]',
    '-c:v', 'libx264', '-preset', 'veryfast', '-pix_fmt', 'yuv420p', '-c:a', 'aac',
    '-t', String(SOURCE_DURATION_SEC), '-y', path,
  ]);
  await rm(speechPath);
}

async function probeMedia(path: string): Promise<Probed> {
  const { stdout } = await execa('ffprobe', [
    ...['-v', 'error', '-show_entries', 'format=duration,start_time,format_name'],
    ...['-show_entries', 'stream=codec_type,codec_name,width,height', '-of', 'json', path],
  ]);
  return JSON.parse(stdout) as Probed;
}

/** Every file under `dir`, relative to it (none when it does not exist). */
async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(
    (error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return [];
      throw error;
    },
  );
  return entries
    .filter((entry) => !entry.isDirectory())
    .map((entry) => join(entry.parentPath, entry.name).slice(dir.length + 1))
    .sort();
}
