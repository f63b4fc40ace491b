import { mkdir, mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { listPlaylistUris, parseMediaPlaylist } from '@reel/stream-manifests';
import { launchChromium, playStream, type PlaybackReport } from '@reel/stream-player';
import { execa } from 'execa';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  keyPattern,
  nodeBin,
  reelScript,
  startServeProcess,
  waitFor,
  type ServeProcess,
} from './support/serve-process';

// The streams of a video as a player gets them: a job transcoded by `reel run` (the built
// bundles), `reel serve` on a random port, the video API's master (with the key) and MPD (by its
// signed path, no key) played in hls.js and dash.js in headless Chromium; every child link is
// signed, nothing else carries the key.

describe('npx reel serve: streams through the video API', () => {
  let workDir: string;
  let storageDir: string;
  let apiKey: string;
  let serve: ServeProcess;
  let browser: Browser;
  const env = () => ({
    ...process.env,
    MEDIA_STORAGE_PATH: storageDir,
    TMPDIR: join(workDir, 'tmp'),
    REEL_ENV: 'dev',
    REEL_LOCAL_WORKERS: '1',
  });
  const streamUrl = (file: string) => `${serve.url}/videos/talk/stream/${file}`;
  const withKey = () => ({ headers: { authorization: `Bearer ${apiKey}` } });

  beforeAll(async () => {
    workDir = await mkdtemp(join(tmpdir(), 'reel-serve-streams-'));
    storageDir = join(workDir, 'storage');
    await mkdir(join(workDir, 'tmp'));
    const input = join(workDir, 'talk.mp4');
    // prettier-ignore
    await execa('ffmpeg', [
      '-nostdin', '-v', 'error',
      '-f', 'lavfi', '-i', 'testsrc2=size=640x360:rate=30:duration=4',
      '-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=48000:duration=4',
      '-c:v', 'libx264', '-preset', 'veryfast', '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-shortest',
      '-y', input,
    ]);
    // prettier-ignore
    await execa(nodeBin, [
      reelScript, 'run', '--input', input, '--tenant', 'acme', '--job', 'talk', '--no-build',
      '--transcode-options', '{"segmentDurationSec":2}',
    ], { cwd: workDir, env: env() });
    const created = await execa(nodeBin, [reelScript, 'keys', 'create', '--tenant', 'acme'], {
      cwd: workDir,
      env: env(),
    });
    apiKey = keyPattern.exec(created.stdout)?.[0] as string;
    serve = await startServeProcess({ cwd: workDir, env: env() });
    // Chromium keeps its profile, crash reports and sockets under HOME and XDG_RUNTIME_DIR:
    // inside the test's folder they go with it.
    const saved = { HOME: process.env['HOME'], XDG_RUNTIME_DIR: process.env['XDG_RUNTIME_DIR'] };
    process.env['HOME'] = join(workDir, 'home');
    process.env['XDG_RUNTIME_DIR'] = join(workDir, 'home');
    try {
      browser = await launchChromium();
    } finally {
      for (const [name, value] of Object.entries(saved)) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
    }
  }, 240_000);
  afterAll(async () => {
    await browser?.close();
    serve?.child.kill('SIGTERM');
    await serve?.exited;
    await rm(workDir, { recursive: true, force: true });
  });

  it('answers the master with the key, and child playlists whose every link downloads without it', async () => {
    // Act
    const master = await fetch(streamUrl('master.m3u8'), withKey());
    const masterText = await master.text();
    const children = await Promise.all(
      listPlaylistUris(masterText).map(async (uri) => {
        const response = await fetch(new URL(uri, streamUrl('master.m3u8')));
        return { uri, status: response.status, text: await response.text() };
      }),
    );

    // Assess
    expect(master.status).toBe(200);
    expect(master.headers.get('content-type')).toBe('application/vnd.apple.mpegurl');
    expect(children.map(({ uri }) => uri.split('?')[0]).sort()).toEqual([
      '360p/index.m3u8',
      'audio/index.m3u8',
      'subtitles/en.m3u8',
    ]);
    for (const { uri, status, text } of children) {
      expect(status, uri).toBe(200);
      const playlist = parseMediaPlaylist(text);
      const links = [playlist.mapUri, ...playlist.segments.map((segment) => segment.uri)].filter(
        (link): link is string => link !== undefined,
      );
      expect(links.length).toBeGreaterThan(0);
      for (const link of links) {
        expect(link.startsWith(`${serve.url}/objects/dev/acme/talk/renditions/cmaf/v1/`)).toBe(
          true,
        );
        const response = await fetch(link);
        expect(response.status, link).toBe(200);
        expect((await response.arrayBuffer()).byteLength).toBeGreaterThan(0);
      }
    }
    // The serve log names each child request without its token (a credential like a signature).
    const childLines = () =>
      serve.stdoutLines().filter((line) => line.includes('"path":"/videos/talk/stream/audio/'));
    await waitFor(async () => childLines().length > 0);
    const tokens = children.map(({ uri }) => new URLSearchParams(uri.split('?')[1]).get('token'));
    for (const line of childLines()) {
      expect(JSON.parse(line).query).toMatch(/^tenant=acme&expires=\d+$/);
      for (const token of tokens) expect(line).not.toContain(token);
    }
  });

  it('plays the HLS master in hls.js, the key sent on the master only', async () => {
    // Prepare
    const screenshotPath = join(workDir, 'hls-frame.png');

    // Act
    const report = await playStream({
      url: streamUrl('master.m3u8'),
      entryHeaders: { Authorization: `Bearer ${apiKey}` },
      kind: 'hls',
      minPlayedSec: 2,
      browser,
      screenshotPath,
    });

    // Assess
    expect(report.mediaErrors).toEqual([]);
    expect(report.playedSec).toBeGreaterThanOrEqual(2);
    expect(report.renditions).toBe(1);
    expect(report.textTracks).toBe(1);
    expectOnlySignedFetches(report, 'master.m3u8');
    expect(report.responses.some(({ url }) => url.includes('/stream/360p/index.m3u8?'))).toBe(true);
    // A real frame is a PNG of some size; a blank element compresses to almost nothing.
    const png = await readFile(screenshotPath);
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    expect((await stat(screenshotPath)).size).toBeGreaterThan(20_000);
  });

  it('plays the signed MPD path of GET /videos/{id} in dash.js with no key, from a page on another origin', async () => {
    // Prepare: what a server holding the key would hand to a browser.
    const video = (await (await fetch(`${serve.url}/videos/talk`, withKey())).json()) as {
      streams: { signed: { dash: string } };
    };

    // Act
    const report = await playStream({
      url: `${serve.url}${video.streams.signed.dash}`,
      // The API's and the objects' Access-Control-Allow-Origin let a foreign page read them.
      pageOnOtherOrigin: true,
      kind: 'dash',
      minPlayedSec: 2,
      browser,
    });

    // Assess
    expect(report.mediaErrors).toEqual([]);
    expect(report.playedSec).toBeGreaterThanOrEqual(2);
    expect(report.renditions).toBe(1);
    expect(report.textTracks).toBe(1);
    expectOnlySignedFetches(report, 'manifest.mpd');
  });

  it('refuses the master without the key and a child playlist with a changed token', async () => {
    // Prepare
    const masterText = await (await fetch(streamUrl('master.m3u8'), withKey())).text();
    const child = new URL(listPlaylistUris(masterText)[0]!, streamUrl('master.m3u8'));
    const token = child.searchParams.get('token')!;
    child.searchParams.set('token', `${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`);

    // Act
    const [noKey, tampered] = await Promise.all([fetch(streamUrl('master.m3u8')), fetch(child)]);

    // Assess
    expect(noKey.status).toBe(401);
    expect(tampered.status).toBe(403);
    expect(await tampered.json()).toMatchObject({ code: 'PERMISSION_DENIED' });
  });

  /** Every fetch succeeded, and every one but the entry carried a signature or token of its own. */
  function expectOnlySignedFetches(report: PlaybackReport, entry: string): void {
    expect(report.responses.length).toBeGreaterThan(2);
    for (const { url, status } of report.responses) {
      expect(status, url).toBeLessThan(400);
      const { pathname, searchParams } = new URL(url);
      // The entry: with the key (sent by the page) or a signed link of its own.
      if (pathname === `/videos/talk/stream/${entry}`) continue;
      const signed =
        (pathname.startsWith('/objects/') && searchParams.has('signature')) ||
        (pathname.startsWith('/videos/talk/stream/') && searchParams.has('token'));
      expect(signed, url).toBe(true);
    }
    expect(report.responses.some(({ url }) => url.includes('/objects/'))).toBe(true);
  }
});
