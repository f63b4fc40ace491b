import { once } from 'node:events';
import { stat, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { loadConfig } from '@reel/config';
import { createApiGatewayBridge } from '@reel/http-api';
import { createLocalObjectHandler } from '@reel/storage';
import { createTestEnvironment, type TestEnvironment } from '@reel/test-jobs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createAudioClipsDependencies,
  type AudioClipsDependencies,
} from '../src/audio-clips-dependencies';
import { clipResponseSchema } from '../src/clip-request';
import { loadClipSettings } from '../src/clip-settings';
import { createAudioClipsHandler } from '../src/handler';
import { addToneBurstEpisode, createTenantKey, measureDecodedClip } from './support/clip-fixtures';

describe('audio-clips-api over a real socket', () => {
  let environment: TestEnvironment;
  let server: Server;
  let baseUrl: string;
  let secret: string;
  let episodePath: string;
  /** Range headers of every request for the episode MP3 that the object handler served. */
  const episodeReads: Array<string | undefined> = [];

  beforeAll(async () => {
    environment = await createTestEnvironment({ name: 'audio-clips-http' });
    const { config } = environment.dependencies;
    if (config.backend !== 'local') throw new Error('a local test environment was expected');
    const { mp3Key } = await addToneBurstEpisode(environment, {
      episodeId: 'ep-1',
      durationSec: 60,
    });
    episodePath = join(environment.fixturesDir, 'ep-1.mp3');
    ({ secret } = await createTenantKey(config, 'acme'));

    // Built once the port is known (storage signs URLs under this server).
    const built: { dependencies?: AudioClipsDependencies } = {};
    const objects = createLocalObjectHandler({
      rootDir: config.mediaStoragePath,
      basePath: '/media',
    });
    const api = createApiGatewayBridge({
      handler: createAudioClipsHandler(() => built.dependencies!),
    });
    server = createServer((request, response) => {
      if (request.url?.startsWith('/media/')) {
        if (request.url.includes(mp3Key)) episodeReads.push(request.headers.range);
        void objects(request, response);
      } else {
        void api(request, response);
      }
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    // Storage signs URLs under this server's /media, so ffmpeg reads the episode over HTTP.
    built.dependencies = createAudioClipsDependencies(
      loadConfig({
        REEL_ENV: 'dev',
        LOG_LEVEL: 'ERROR',
        MEDIA_STORAGE_PATH: config.mediaStoragePath,
        REEL_PUBLIC_BASE_URL: `${baseUrl}/media`,
      }),
      loadClipSettings({}),
    );
  }, 60_000);
  afterAll(async () => {
    server?.close();
    await environment?.cleanup();
  });

  const getClip = (
    query: string,
    headers: Record<string, string> = { authorization: `Bearer ${secret}` },
  ) => fetch(`${baseUrl}/api/v1/audio_clips/ep-1?${query}`, { headers });

  it('cuts a clip from the episode read over HTTP with a signed URL, then serves it from the cache', async () => {
    // Act
    const miss = await getClip('start_time_ms=45678&duration_ms=3000');
    const hit = await getClip('start_time_ms=45678&duration_ms=3000');

    // Assess
    expect(miss.status).toBe(200);
    const missBody = clipResponseSchema.parse(await miss.json());
    expect(missBody.cache_hit).toBe(false);
    const hitBody = clipResponseSchema.parse(await hit.json());
    expect(hitBody.cache_hit).toBe(true);
    // The cut read one byte range of the episode through storage's signed URL (the seek index
    // was built from the stored file): about 1.8 s of audio around the clip's 3 s, not the 60 s
    // episode; the cache hit read nothing.
    expect(episodeReads).toHaveLength(1);
    const [, fromByte, toByte] = /^bytes=(\d+)-(\d+)$/.exec(episodeReads[0] ?? '') ?? [];
    const { size: episodeBytes } = await stat(episodePath);
    expect(Number(toByte) - Number(fromByte) + 1).toBeLessThan(episodeBytes * (6 / 60));
    // The clip downloads over the same server (a signed local URL) and is exact.
    const clipResponse = await fetch(missBody.clip_url);
    expect(clipResponse.status).toBe(200);
    expect(clipResponse.headers.get('content-type')).toBe('audio/mpeg');
    const clipPath = join(environment.fixturesDir, 'http-clip.mp3');
    await writeFile(clipPath, Buffer.from(await clipResponse.arrayBuffer()));
    const { durationSec, onsetsSec } = await measureDecodedClip(clipPath);
    expect(Math.abs(durationSec - 3)).toBeLessThanOrEqual(0.03);
    expect(Math.abs((onsetsSec[0] ?? 0) - 0.322)).toBeLessThanOrEqual(0.03);
  });

  it('answers problems as application/problem+json over the socket', async () => {
    // Act
    const unauthorized = await getClip('start_time_ms=0&duration_ms=1000', {});
    const invalid = await getClip('start_time_ms=abc&duration_ms=1000');

    // Assess
    expect(unauthorized.status).toBe(401);
    expect(unauthorized.headers.get('www-authenticate')).toBe('Bearer');
    expect(invalid.status).toBe(400);
    expect(invalid.headers.get('content-type')).toBe('application/problem+json');
    expect(await invalid.json()).toMatchObject({
      code: 'INVALID_REQUEST',
      instance: '/api/v1/audio_clips/ep-1',
    });
  });

  it('serves its OpenAPI document without a key', async () => {
    // Act
    const response = await fetch(`${baseUrl}/openapi.json`);

    // Assess
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ openapi: '3.1.0' });
  });
});
