import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createFfmpegRuntime } from '@reel/ffmpeg-runtime';
import { buildClipKey } from '@reel/storage';
import { createTestEnvironment, testBackends, type TestEnvironment } from '@reel/test-jobs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addToneBurstEpisode,
  apiEvent,
  createTenantKey,
  lambdaContext,
  measureDecodedClip,
  probeAudioCodec,
  writeRecordingFfmpeg,
} from '../tests/support/clip-fixtures';
import {
  createAudioClipsDependencies,
  type AudioClipsDependencies,
} from './audio-clips-dependencies';
import { loadClipSettings } from './clip-settings';
import { createAudioClipsHandler } from './handler';

const clipPath = (episodeId: string) => `/api/v1/audio_clips/${episodeId}`;

describe.each(testBackends)('audio-clips-api on %s', (backend) => {
  let environment: TestEnvironment;
  let dependencies: AudioClipsDependencies;
  let handler: ReturnType<typeof createAudioClipsHandler>;
  let ffmpeg: Awaited<ReturnType<typeof writeRecordingFfmpeg>>;
  let toolsDir: string;
  let key: Awaited<ReturnType<typeof createTenantKey>>;
  let episodeMs: number;
  const auth = () => ({ authorization: `Bearer ${key.secret}` });
  const get = (episodeId: string, query: Record<string, string>, headers = auth()) =>
    handler(apiEvent({ path: clipPath(episodeId), query, headers }), lambdaContext);

  beforeAll(async () => {
    environment = await createTestEnvironment({ name: 'audio-clips-api', backend });
    toolsDir = await mkdtemp(join(tmpdir(), 'reel-clips-tools-'));
    ffmpeg = await writeRecordingFfmpeg(toolsDir);
    const { config } = environment.dependencies;
    dependencies = createAudioClipsDependencies(config, loadClipSettings({}), {
      runtime: createFfmpegRuntime({ ffmpegPath: ffmpeg.path }),
    });
    handler = createAudioClipsHandler(() => dependencies);
    key = await createTenantKey(config, 'acme');
    ({ durationMs: episodeMs } = await addToneBurstEpisode(environment, { episodeId: 'ep-1' }));
    await addToneBurstEpisode(environment, {
      episodeId: 'ep-b',
      tenantId: 'globex',
      durationSec: 4,
    });
  }, 60_000);
  afterAll(async () => {
    await environment?.cleanup();
    await rm(toolsDir, { recursive: true, force: true });
  });

  /** The clip behind a clip_url, as a local file. */
  async function downloadClip(url: string): Promise<string> {
    const path = join(toolsDir, `clip-${Math.random().toString(36).slice(2)}.mp3`);
    if (url.startsWith('file:')) return new URL(url).pathname;
    const response = await fetch(url);
    expect(response.status).toBe(200);
    await writeFile(path, Buffer.from(await response.arrayBuffer()));
    return path;
  }

  it('cuts a clip that starts within 30 ms of start_time_ms and lasts duration_ms ± 30 ms', async () => {
    // Act
    const result = await get('ep-1', { start_time_ms: '12345', duration_ms: '3000' });

    // Assess
    expect(result.statusCode).toBe(200);
    const body = JSON.parse(result.body ?? '{}');
    expect(body).toMatchObject({ cache_hit: false });
    expect(body.generation_time_ms).toBeGreaterThan(0);
    const clip = await downloadClip(body.clip_url);
    expect(await probeAudioCodec(clip)).toBe('mp3');
    const { durationSec, onsetsSec } = await measureDecodedClip(clip);
    expect(Math.abs(durationSec - 3)).toBeLessThanOrEqual(0.03);
    // Bursts start on whole seconds of the episode: 13 s is 0.655 s into a clip from 12.345 s.
    expect(onsetsSec).toHaveLength(3);
    expect(Math.abs((onsetsSec[0] ?? 0) - 0.655)).toBeLessThanOrEqual(0.03);
    expect(await ffmpeg.runs()).toHaveLength(1);
    const scratch = await environment.scratchLeft();
    expect(scratch.filter((name) => name.startsWith('reel-clip-'))).toEqual([]);
  });

  it('answers a repeated request from the cache without running ffmpeg', async () => {
    // Act
    const result = await get('ep-1', { start_time_ms: '12345', duration_ms: '3000' });

    // Assess
    expect(result.statusCode).toBe(200);
    const body = JSON.parse(result.body ?? '{}');
    expect(body.cache_hit).toBe(true);
    expect(body.clip_url).toContain('audio_clips/ep-1/12345-15345.mp3');
    expect(await ffmpeg.runs()).toHaveLength(1);
  });

  it('cuts the clip again when its record is ready but its object is gone, instead of a dead URL', async () => {
    // Prepare: the clip's object removed behind its record (a lifecycle rule, a hand delete).
    const query = { start_time_ms: '4000', duration_ms: '1000' };
    await get('ep-1', query);
    const clipKey = buildClipKey({
      env: 'dev',
      tenantId: 'acme',
      episodeId: 'ep-1',
      startMs: 4000,
      endMs: 5000,
    });
    await dependencies.storage.delete({ key: clipKey });
    const runsBefore = (await ffmpeg.runs()).length;

    // Act
    const result = await get('ep-1', query);

    // Assess
    expect(result.statusCode).toBe(200);
    expect(JSON.parse(result.body ?? '{}').cache_hit).toBe(false);
    expect((await ffmpeg.runs()).length - runsBefore).toBe(1);
    expect(await dependencies.storage.exists({ key: clipKey })).toBe(true);
    const again = await get('ep-1', query);
    expect(JSON.parse(again.body ?? '{}').cache_hit).toBe(true);
    await dependencies.storage.delete({ key: clipKey });
  });

  it('runs ffmpeg once for 50 identical concurrent misses, all answered with the same clip', async () => {
    // Prepare
    const runsBefore = (await ffmpeg.runs()).length;

    // Act
    const results = await Promise.all(
      Array.from({ length: 50 }, () => get('ep-1', { start_time_ms: '1000', duration_ms: '2500' })),
    );

    // Assess
    expect(results.map(({ statusCode }) => statusCode)).toEqual(Array(50).fill(200));
    const paths = new Set(
      results.map(({ body }) => new URL(JSON.parse(body ?? '{}').clip_url).pathname),
    );
    expect(paths.size).toBe(1);
    expect((await ffmpeg.runs()).length - runsBefore).toBe(1);
  });

  const badRequests: Array<[string, Record<string, string>, string]> = [
    ['no start_time_ms', { duration_ms: '1000' }, 'query.start_time_ms'],
    ['a negative start', { start_time_ms: '-5', duration_ms: '1000' }, 'query.start_time_ms'],
    ['a fractional start', { start_time_ms: '1.5', duration_ms: '1000' }, 'query.start_time_ms'],
    ['an exponent', { start_time_ms: '1e3', duration_ms: '1000' }, 'query.start_time_ms'],
    [
      'a huge start',
      { start_time_ms: '99999999999999999999', duration_ms: '1000' },
      'query.start_time_ms',
    ],
    ['duration 0', { start_time_ms: '0', duration_ms: '0' }, 'query.duration_ms'],
    ['over 10 minutes', { start_time_ms: '0', duration_ms: '600001' }, 'query.duration_ms'],
  ];
  it.each(badRequests)(
    'refuses %s with a typed 400 and stores nothing',
    async (_case, query, field) => {
      // Act
      const result = await get('ep-1', query);

      // Assess
      expect(result.statusCode).toBe(400);
      expect(result.headers?.['content-type']).toBe('application/problem+json');
      const problem = JSON.parse(result.body ?? '{}');
      expect(problem).toMatchObject({ code: 'INVALID_REQUEST', status: 400 });
      expect(problem.detail).toContain(field);
    },
  );

  it('refuses a start past the end with the episode length in the message, nothing cut', async () => {
    // Prepare
    const runsBefore = (await ffmpeg.runs()).length;

    // Act
    const past = await get('ep-1', { start_time_ms: String(episodeMs + 10), duration_ms: '1000' });
    const overrun = await get('ep-1', {
      start_time_ms: String(episodeMs - 500),
      duration_ms: '1000',
    });

    // Assess
    for (const result of [past, overrun]) {
      expect(result.statusCode).toBe(400);
      expect(JSON.parse(result.body ?? '{}').detail).toContain(`lasts ${episodeMs} ms`);
    }
    expect((await ffmpeg.runs()).length).toBe(runsBefore);
    const stored = await dependencies.storage.list({ prefix: 'dev/acme/audio_clips/ep-1/' });
    expect(stored.map(({ key: stored }) => stored).sort()).toEqual([
      buildClipKey({ env: 'dev', tenantId: 'acme', episodeId: 'ep-1', startMs: 1000, endMs: 3500 }),
      buildClipKey({
        env: 'dev',
        tenantId: 'acme',
        episodeId: 'ep-1',
        startMs: 12345,
        endMs: 15345,
      }),
    ]);
  });

  it('answers 404 for an unknown episode and for another tenant’s episode alike', async () => {
    // Act
    const unknown = await get('ep-nope', { start_time_ms: '0', duration_ms: '1000' });
    const othersEpisode = await get('ep-b', { start_time_ms: '0', duration_ms: '1000' });

    // Assess
    for (const result of [unknown, othersEpisode]) {
      expect(result.statusCode).toBe(404);
      expect(JSON.parse(result.body ?? '{}').code).toBe('NOT_FOUND');
    }
    expect(await dependencies.storage.list({ prefix: 'dev/globex/audio_clips/' })).toEqual([]);
  });

  it('answers 401 with no key, a wrong key and a revoked key', async () => {
    // Prepare
    const revoked = await createTenantKey(environment.dependencies.config, 'acme');
    await revoked.revoke();
    const query = { start_time_ms: '12345', duration_ms: '3000' };
    const wrongSecret = `${key.secret.slice(0, -1)}${key.secret.endsWith('a') ? 'b' : 'a'}`;

    // Act
    const results = await Promise.all([
      get('ep-1', query, {} as { authorization: string }),
      get('ep-1', query, { authorization: `Bearer ${wrongSecret}` }),
      get('ep-1', query, { authorization: `Bearer ${revoked.secret}` }),
    ]);

    // Assess
    for (const result of results) {
      expect(result.statusCode).toBe(401);
      expect(result.headers?.['www-authenticate']).toBe('Bearer');
      expect(JSON.parse(result.body ?? '{}').code).toBe('UNAUTHORIZED');
    }
  });

  it('answers 404 for an unknown path and 405 with Allow for another method', async () => {
    // Act
    const unknown = await handler(
      apiEvent({ path: '/api/v1/nope', headers: auth() }),
      lambdaContext,
    );
    const post = await handler(
      apiEvent({ method: 'POST', path: clipPath('ep-1'), headers: auth() }),
      lambdaContext,
    );

    // Assess
    expect(unknown.statusCode).toBe(404);
    expect(post.statusCode).toBe(405);
    expect(post.headers?.['allow']).toBe('GET');
    expect(JSON.parse(post.body ?? '{}').code).toBe('METHOD_NOT_ALLOWED');
  });
});
