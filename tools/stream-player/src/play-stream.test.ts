import { execa } from 'execa';
import { cp, mkdir, mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { seededNoise } from '@reel/sample-media';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer } from 'node:http';
import { launchChromium } from './launch-chromium';
import { listenOnLoopback } from './listen-on-loopback';
import { playStream } from './play-stream';
import { startStaticServer } from './static-server';

/**
 * Two video rungs (360p, 240p) and AAC, packaged by ffmpeg's own HLS and DASH muxers: the player
 * is tested against streams it did not write, independently of @reel/stream-manifests.
 */
async function packageWithFfmpeg(outputDir: string): Promise<void> {
  const encode = [
    ['-f', 'lavfi', '-i', 'testsrc2=size=640x360:rate=30:duration=8'],
    ['-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=48000:duration=8'],
    ['-filter_complex', '[0:v]split=2[high][low];[low]scale=426:240[small]'],
    ['-map', '[high]', '-map', '[small]', '-map', '1:a'],
    ['-c:v', 'libx264', '-preset', 'ultrafast', '-g', '60', '-keyint_min', '60'],
    ['-sc_threshold', '0', '-b:v:0', '800k', '-b:v:1', '300k', '-c:a', 'aac', '-b:a', '96k'],
  ].flat();
  await mkdir(join(outputDir, 'hls'), { recursive: true });
  await mkdir(join(outputDir, 'dash'), { recursive: true });
  await execa('ffmpeg', [
    ...['-v', 'error', ...encode, '-f', 'hls', '-hls_time', '2', '-hls_playlist_type', 'vod'],
    ...['-hls_segment_type', 'fmp4', '-hls_fmp4_init_filename', 'init.mp4'],
    ...[
      '-master_pl_name',
      'master.m3u8',
      '-var_stream_map',
      'v:0,agroup:aud v:1,agroup:aud a:0,agroup:aud',
    ],
    ...['-hls_segment_filename', join(outputDir, 'hls/stream_%v/seg-%05d.m4s')],
    join(outputDir, 'hls/stream_%v/index.m3u8'),
  ]);
  await execa('ffmpeg', [
    ...['-v', 'error', ...encode, '-f', 'dash', '-seg_duration', '2', '-use_timeline', '1'],
    ...['-use_template', '1', '-adaptation_sets', 'id=0,streams=v id=1,streams=a'],
    join(outputDir, 'dash/manifest.mpd'),
  ]);
}

describe('Function: playStream', () => {
  let workDir: string;
  let browser: Browser;

  beforeAll(async () => {
    workDir = await mkdtemp(join(tmpdir(), 'stream-player-'));
    [browser] = await Promise.all([launchChromium(), packageWithFfmpeg(join(workDir, 'good'))]);
  });
  afterAll(async () => {
    await browser?.close();
    await rm(workDir, { recursive: true, force: true });
  });

  it.each([
    ['hls', 'hls/master.m3u8'],
    ['dash', 'dash/manifest.mpd'],
  ] as const)(
    'plays %s for 2 s and switches to the other rendition on screen',
    async (kind, entryPath) => {
      // Act
      const report = await playStream({ rootDir: join(workDir, 'good'), entryPath, kind, browser });

      // Assess
      expect(report.mediaErrors).toEqual([]);
      expect(report.playedSec).toBeGreaterThanOrEqual(2);
      expect(report.renditions).toBe(2);
      expect(report.renditionSwitches.length).toBeGreaterThanOrEqual(1);
      const forced = report.renditionSwitches.at(-1)!;
      expect(new Set([forced.from, forced.to])).toEqual(new Set(['360p', '240p']));
      expect(report.textTracks).toBe(0);
      // Served by the static server: the manifest and segments of both rungs.
      expect(report.servedPaths[0]).toBe(`/${entryPath}`);
      expect(report.servedPaths.filter((path) => path.endsWith('.m4s')).length).toBeGreaterThan(4);
    },
  );

  it.each([
    ['hls', 'hls/master.m3u8'],
    ['dash', 'dash/manifest.mpd'],
  ] as const)('reports the media errors of %s segments that are noise', async (kind, entryPath) => {
    // Prepare: every media segment (not the init segments, not the playlists) overwritten with
    // noise whose box headers are not even printable, so the browser's parser rejects the append.
    const rootDir = join(workDir, `noise-${kind}`);
    await cp(join(workDir, 'good'), rootDir, { recursive: true });
    const files = await readdir(rootDir, { recursive: true });
    for (const file of files.filter((name) => /(seg|chunk)-[^/]*\.m4s$/.test(name))) {
      const { size } = await stat(join(rootDir, file));
      await writeFile(join(rootDir, file), seededNoise({ byteCount: size, seed: 7 }));
    }

    // Act
    const report = await playStream({ rootDir, entryPath, kind, browser, timeoutMs: 30_000 });

    // Assess
    expect(report.mediaErrors.length).toBeGreaterThan(0);
    expect(report.playedSec).toBeLessThan(2);
  });

  it('rejects with what it saw when playback stalls without an error', async () => {
    // Prepare: segments of one repeated printable byte read as a box still waiting for its data.
    const rootDir = join(workDir, 'stalled');
    await cp(join(workDir, 'good'), rootDir, { recursive: true });
    const files = await readdir(join(rootDir, 'dash'));
    for (const file of files.filter((name) => name.startsWith('chunk-'))) {
      const { size } = await stat(join(rootDir, 'dash', file));
      await writeFile(join(rootDir, 'dash', file), Buffer.alloc(size, 0x5a));
    }

    // Act
    const playing = playStream({
      rootDir,
      entryPath: 'dash/manifest.mpd',
      kind: 'dash',
      browser,
      timeoutMs: 8_000,
    });

    // Assess
    await expect(playing).rejects.toThrow(/did not finish within 8000 ms: .*"renditions":2/);
  });

  it.each([
    ['hls', 'hls/master.m3u8'],
    ['dash', 'dash/manifest.mpd'],
  ] as const)(
    'plays %s at a URL whose entry needs a key, sending it on the entry only, with a screenshot',
    async (kind, entryPath) => {
      // Prepare: a server that refuses the entry without the key and notes who else sent it.
      const files = await startStaticServer(join(workDir, 'good'));
      const keyedPaths: string[] = [];
      const server = await listenOnLoopback(
        createServer((request, response) => {
          const path = request.url?.split('?')[0] ?? '/';
          const key = request.headers['authorization'];
          if (key !== undefined) keyedPaths.push(path);
          if (path === `/${entryPath}` && key !== 'Bearer k-1') {
            response.writeHead(401).end();
            return;
          }
          void fetch(`${files.origin}${request.url}`, {
            headers: request.headers.range === undefined ? {} : { range: request.headers.range },
          }).then(async (answer) => {
            response.writeHead(answer.status, {
              'content-type': answer.headers.get('content-type') ?? 'application/octet-stream',
            });
            response.end(Buffer.from(await answer.arrayBuffer()));
          });
        }),
      );
      const screenshotPath = join(workDir, `${kind}-frame.png`);

      // Act
      const report = await playStream({
        url: `${server.origin}/${entryPath}`,
        entryHeaders: { Authorization: 'Bearer k-1' },
        kind,
        browser,
        switchRendition: false,
        screenshotPath,
      }).finally(async () => {
        await server.close();
        await files.close();
      });

      // Assess
      expect(report.mediaErrors).toEqual([]);
      expect(report.playedSec).toBeGreaterThanOrEqual(2);
      expect(keyedPaths).toEqual([`/${entryPath}`]);
      expect(report.responses[0]).toEqual({ url: `${server.origin}/${entryPath}`, status: 200 });
      expect(report.responses.filter(({ url }) => url.endsWith('.m4s')).length).toBeGreaterThan(2);
      expect(report.servedPaths).toEqual([]);
      // A frame of testsrc2 is tens of KB of PNG; an empty element is a few hundred bytes.
      expect((await stat(screenshotPath)).size).toBeGreaterThan(20_000);
    },
  );

  it('plays a URL from a page on another origin, by the stream server’s CORS answers', async () => {
    // Prepare
    const files = await startStaticServer(join(workDir, 'good'));

    // Act
    const report = await playStream({
      url: `${files.origin}/hls/master.m3u8`,
      pageOnOtherOrigin: true,
      kind: 'hls',
      browser,
      switchRendition: false,
    }).finally(() => files.close());

    // Assess
    expect(report.mediaErrors).toEqual([]);
    expect(report.playedSec).toBeGreaterThanOrEqual(2);
    expect(report.responses.length).toBeGreaterThan(3);
    expect(report.responses.filter(({ url }) => !url.startsWith(`${files.origin}/`))).toEqual([]);
  });

  it('launches and closes its own browser when none is given', async () => {
    // Act
    const report = await playStream({
      rootDir: join(workDir, 'good'),
      entryPath: 'hls/master.m3u8',
      kind: 'hls',
      switchRendition: false,
      minPlayedSec: 1,
    });

    // Assess
    expect(report.mediaErrors).toEqual([]);
    expect(report.playedSec).toBeGreaterThanOrEqual(1);
  });
});
