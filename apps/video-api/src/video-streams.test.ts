import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ReelConfig } from '@reel/config';
import { listDashManifestUris, listPlaylistUris, parseMediaPlaylist } from '@reel/stream-manifests';
import {
  addTranscodedStreams,
  createTestEnvironment,
  readStoredText,
  testBackends,
  type TestEnvironment,
  type TranscodedStreams,
} from '@reel/test-jobs';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  apiEvent,
  createTenantKey,
  lambdaContext,
  videoApiTestConfig,
} from '../tests/support/video-fixtures';
import { createVideoApiHandler } from './handler';
import { signStreamToken } from './stream-token';
import { createVideoApiDependencies, type VideoApiDependencies } from './video-api-dependencies';
import { STREAM_LINK_EXPIRY_SEC } from './video-streams';

type Key = Awaited<ReturnType<typeof createTenantKey>>;

describe.each(testBackends)('video-api streams on %s', (backend) => {
  let environment: TestEnvironment;
  let config: ReelConfig;
  let closeServer: () => Promise<void>;
  let dependencies: VideoApiDependencies;
  let handler: ReturnType<typeof createVideoApiHandler>;
  let acme: Key;
  let globex: Key;
  let streams: TranscodedStreams;

  const get = (path: string, { key, query }: { key?: Key; query?: Record<string, string> } = {}) =>
    handler(
      apiEvent({
        path,
        ...(query === undefined ? {} : { query }),
        headers: key === undefined ? {} : { authorization: `Bearer ${key.secret}` },
      }),
      lambdaContext,
    );

  /** A request for a URI of the master, resolved against the master's path as a player does. */
  const getChild = (uri: string) => {
    const url = new URL(uri, 'http://api.test/videos/streamed/stream/master.m3u8');
    return get(url.pathname, { query: Object.fromEntries(url.searchParams) });
  };

  /** The bytes behind a minted link: a signed local URL or a presigned s3rver URL, over HTTP. */
  async function download(url: string): Promise<Buffer> {
    const response = await fetch(url);
    expect(response.status, url).toBe(200);
    return Buffer.from(await response.arrayBuffer());
  }

  beforeAll(async () => {
    environment = await createTestEnvironment({ name: 'video-api-streams', backend });
    ({ config, close: closeServer } = await videoApiTestConfig(environment.dependencies.config));
    // Locally the secret kept in the media root serves (as under reel serve); AWS must be given one.
    if (config.backend === 'aws') config = { ...config, urlSigningSecret: 's'.repeat(40) };
    dependencies = createVideoApiDependencies(config);
    handler = createVideoApiHandler(() => dependencies);
    [acme, globex] = await Promise.all([
      createTenantKey(config, 'acme'),
      createTenantKey(config, 'globex'),
    ]);
    const sourcePath = join(environment.fixturesDir, 'source.bin');
    await writeFile(sourcePath, Buffer.alloc(1_024, 3));
    const job = await environment.createJob('streamed', sourcePath);
    streams = await addTranscodedStreams(environment, { job });
    await environment.createJob('not-yet', sourcePath);
  }, 120_000);
  afterAll(async () => {
    await closeServer?.();
    await environment?.cleanup();
  });

  it('answers the master with every child playlist signed, relative, as HLS', async () => {
    // Act
    const before = Math.floor(Date.now() / 1000);
    const result = await get('/videos/streamed/stream/master.m3u8', { key: acme });

    // Assess
    expect(result.statusCode).toBe(200);
    expect(result.headers?.['content-type']).toBe('application/vnd.apple.mpegurl');
    expect(result.headers?.['cache-control']).toBe('private, max-age=300');
    const stored = await readStoredText(dependencies.storage, streams.result.hlsMasterKey);
    const uris = listPlaylistUris(result.body ?? '');
    expect(uris.map((uri) => uri.split('?')[0])).toEqual(listPlaylistUris(stored));
    for (const uri of uris) {
      const query = new URL(uri, 'http://api.test/').searchParams;
      expect(query.get('tenant')).toBe('acme');
      expect(query.get('token')).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(Number(query.get('expires')) - before).toBeGreaterThanOrEqual(STREAM_LINK_EXPIRY_SEC);
      expect(Number(query.get('expires')) - before).toBeLessThan(STREAM_LINK_EXPIRY_SEC + 60);
    }
  });

  it('answers each child playlist without a key: it parses and every URI in it downloads the stored bytes', async () => {
    // Prepare
    const master = (await get('/videos/streamed/stream/master.m3u8', { key: acme })).body ?? '';

    // Act
    const children = await Promise.all(
      listPlaylistUris(master).map(async (uri) => ({ uri, result: await getChild(uri) })),
    );

    // Assess
    expect(children).toHaveLength(4);
    for (const { uri, result } of children) {
      expect(result.statusCode, uri).toBe(200);
      expect(result.headers?.['content-type']).toBe('application/vnd.apple.mpegurl');
      const playlist = parseMediaPlaylist(result.body ?? '');
      const folder = `${streams.folder}${uri.slice(0, uri.lastIndexOf('/') + 1)}`;
      const links = [...(playlist.mapUri === undefined ? [] : [playlist.mapUri])].concat(
        playlist.segments.map((segment) => segment.uri),
      );
      const stored = listPlaylistUris(
        await readStoredText(dependencies.storage, `${folder}${uri.split('/')[1]?.split('?')[0]}`),
      );
      expect(links).toHaveLength(stored.length);
      for (const [index, link] of links.entries()) {
        expect(link).toMatch(/^https?:\/\//);
        const storedBytes = await readStoredBytes(`${folder}${stored[index]}`);
        expect((await download(link)).equals(storedBytes), link).toBe(true);
      }
    }
  });

  it('serves 360p segments that ffprobe reads as 4 s of 640x360 H.264', async () => {
    // Prepare
    const master = (await get('/videos/streamed/stream/master.m3u8', { key: acme })).body ?? '';
    const uri = listPlaylistUris(master).find((candidate) => candidate.startsWith('360p/'))!;
    const playlist = parseMediaPlaylist((await getChild(uri)).body ?? '');

    // Act
    const parts = await Promise.all(
      [playlist.mapUri!, ...playlist.segments.map((segment) => segment.uri)].map(download),
    );
    const joined = join(environment.fixturesDir, '360p-joined.mp4');
    await writeFile(joined, Buffer.concat(parts));

    // Assess
    // prettier-ignore
    const { stdout } = await execa('ffprobe', [
      '-v', 'error', '-select_streams', 'v:0', '-show_entries',
      'stream=codec_name,width,height:format=duration', '-of', 'json', joined,
    ]);
    const probed = JSON.parse(stdout);
    expect(probed.streams[0]).toMatchObject({ codec_name: 'h264', width: 640, height: 360 });
    expect(Math.abs(Number(probed.format.duration) - 4)).toBeLessThan(0.1);
  });

  it('answers the MPD as DASH with a SegmentList of downloadable links per Representation', async () => {
    // Act
    const result = await get('/videos/streamed/stream/manifest.mpd', { key: acme });

    // Assess
    expect(result.statusCode).toBe(200);
    expect(result.headers?.['content-type']).toBe('application/dash+xml');
    expect(result.headers?.['cache-control']).toBe('private, max-age=300');
    const mpd = result.body ?? '';
    expect(mpd).not.toContain('SegmentTemplate');
    expect(mpd.match(/<SegmentList /g)).toHaveLength(3);
    const links = [
      ...mpd.matchAll(/(?:sourceURL|media)="([^"]+)"|<BaseURL>([^<]+)<\/BaseURL>/g),
    ].map(([, attribute, element]) => (attribute ?? element ?? '').replaceAll('&amp;', '&'));
    const stored = listDashManifestUris(
      await readStoredText(dependencies.storage, streams.result.dashManifestKey),
    );
    expect(links).toHaveLength(stored.length);
    expect(stored.length).toBe(streams.files.filter((file) => !file.endsWith('.m3u8')).length - 1);
    for (const [index, link] of links.entries()) {
      expect(
        (await download(link)).equals(await readStoredBytes(`${streams.folder}${stored[index]}`)),
      ).toBe(true);
    }
  });

  it('refuses a child playlist whose token is tampered with, expired or moved to another tenant with 403', async () => {
    // Prepare
    const master = (await get('/videos/streamed/stream/master.m3u8', { key: acme })).body ?? '';
    const uri = listPlaylistUris(master)[0]!;
    const [path = '', queryText = ''] = uri.split('?');
    const query = Object.fromEntries(new URLSearchParams(queryText));
    const flipped = `${query['token']!.slice(0, -1)}${query['token']!.endsWith('A') ? 'B' : 'A'}`;
    const pastSec = Math.floor(Date.now() / 1000) - 1;
    const expiredToken = signStreamToken({
      tenantId: 'acme',
      videoId: 'streamed',
      playlist: path,
      expiresAtSec: pastSec,
      secret: await dependencies.streamSigningSecret(),
    });
    const childPath = `/videos/streamed/stream/${path}`;

    // Act
    const results = await Promise.all([
      get(childPath, { query: { ...query, token: flipped } }),
      get(childPath, { query: { ...query, expires: String(Number(query['expires']) + 3_600) } }),
      get(childPath, { query: { ...query, expires: String(pastSec), token: expiredToken } }),
      get(childPath, { query: { ...query, tenant: 'globex' } }),
      get('/videos/streamed/stream/360p/index.m3u8', { query }),
    ]);

    // Assess
    for (const result of results) {
      expect(result.statusCode).toBe(403);
      expect(result.headers?.['content-type']).toBe('application/problem+json');
      expect(JSON.parse(result.body ?? '{}').code).toBe('PERMISSION_DENIED');
    }
    expect(JSON.parse(results[2]!.body ?? '{}').detail).toContain('expired');
    expect(results[0]!.body).not.toContain(query['token']);
  });

  it('hands out signed master and MPD paths on GET /videos/{id} that play with no key, from any origin', async () => {
    // Prepare
    const video = JSON.parse((await get('/videos/streamed', { key: acme })).body ?? '{}');
    const { signed } = video.streams;
    const asRequest = (path: string) => {
      const url = new URL(path, 'http://api.test');
      return get(url.pathname, { query: Object.fromEntries(url.searchParams) });
    };

    // Act
    const [master, mpd] = await Promise.all([asRequest(signed.hls), asRequest(signed.dash)]);
    const child = await getChild(listPlaylistUris(master.body ?? '')[0]!);

    // Assess
    expect(signed.hls).toMatch(
      /^\/videos\/streamed\/stream\/master\.m3u8\?tenant=acme&expires=\d+&token=/,
    );
    expect(signed.dash).toMatch(/^\/videos\/streamed\/stream\/manifest\.mpd\?tenant=acme&/);
    expect(Date.parse(signed.expiresAt) - Date.now()).toBeGreaterThan(3_500_000);
    expect(master.statusCode).toBe(200);
    expect(listPlaylistUris(master.body ?? '')).toHaveLength(4);
    expect(mpd.statusCode).toBe(200);
    expect(mpd.body).toContain('<SegmentList ');
    expect(child.statusCode).toBe(200);
    for (const result of [master, mpd, child]) {
      expect(result.headers?.['access-control-allow-origin']).toBe('*');
    }
  });

  it('refuses a signed master path whose token is changed or belongs to another document with 403', async () => {
    // Prepare
    const video = JSON.parse((await get('/videos/streamed', { key: acme })).body ?? '{}');
    const masterQuery = Object.fromEntries(
      new URL(video.streams.signed.hls, 'http://x').searchParams,
    );
    const mpdQuery = Object.fromEntries(
      new URL(video.streams.signed.dash, 'http://x').searchParams,
    );
    const token = masterQuery['token']!;

    // Act
    const results = await Promise.all([
      get('/videos/streamed/stream/master.m3u8', {
        query: { ...masterQuery, token: `${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}` },
      }),
      get('/videos/streamed/stream/master.m3u8', { query: mpdQuery }),
      get('/videos/not-yet/stream/master.m3u8', { query: masterQuery }),
      get('/videos/streamed/stream/master.m3u8', { query: { token } }),
    ]);

    // Assess
    expect(results.map(({ statusCode }) => statusCode)).toEqual([403, 403, 403, 403]);
  });

  it('answers 404 for another tenant’s video, 409 before it is transcoded and 401 without a key', async () => {
    // Act
    const [othersMaster, othersMpd, notYet, notYetMpd, noKey] = await Promise.all([
      get('/videos/streamed/stream/master.m3u8', { key: globex }),
      get('/videos/streamed/stream/manifest.mpd', { key: globex }),
      get('/videos/not-yet/stream/master.m3u8', { key: acme }),
      get('/videos/not-yet/stream/manifest.mpd', { key: acme }),
      get('/videos/streamed/stream/master.m3u8'),
    ]);

    // Assess
    expect([othersMaster, othersMpd].map(({ statusCode }) => statusCode)).toEqual([404, 404]);
    expect([notYet, notYetMpd].map(({ statusCode }) => statusCode)).toEqual([409, 409]);
    expect(JSON.parse(notYet.body ?? '{}')).toMatchObject({ code: 'CONFLICT' });
    expect(JSON.parse(notYet.body ?? '{}').detail).toContain('no streams yet');
    expect(noKey.statusCode).toBe(401);
  });

  async function readStoredBytes(key: string): Promise<Buffer> {
    const chunks: Buffer[] = [];
    for await (const chunk of await dependencies.storage.getStream({ key })) {
      chunks.push(chunk as Buffer);
    }
    return Buffer.concat(chunks);
  }
});
