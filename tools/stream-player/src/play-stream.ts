import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium } from './launch-chromium';
import { buildPlayerPage, PLAYER_HARNESS_SCRIPT } from './player-harness';
import type { LoopbackListener } from './listen-on-loopback';
import { startPageServer, type PageFile } from './page-server';
import { startStaticServer } from './static-server';

export type StreamKind = 'hls' | 'dash';

export interface PlayStreamOptions {
  /** Directory served as the stream's origin. */
  rootDir: string;
  /** The master playlist or MPD, relative to `rootDir` (e.g. `master.m3u8`). */
  entryPath: string;
  kind: StreamKind;
  /** Seconds of media that must have played (sum of `video.played`); default 2. */
  minPlayedSec?: number;
  /** Force a switch to another rendition once playing and wait until it is on screen; default true. */
  switchRendition?: boolean;
  /** Give up (and reject) after this long; default 45 000. */
  timeoutMs?: number;
  /** A browser to reuse (see `launchChromium`); without one, a browser is launched and closed. */
  browser?: Browser;
}

export interface RenditionSwitch {
  /** `360p` (or `128000bps` for a rendition without a picture). */
  from: string;
  to: string;
}

export interface PlaybackReport {
  playedSec: number;
  /** Player and `<video>` errors about the media (fatal errors, parsing/decoding/append failures). */
  mediaErrors: string[];
  /** Video renditions the player offers (audio renditions for an audio-only stream). */
  renditions: number;
  /** Each change of the rendition on screen, in order (a forced switch and any the player made). */
  renditionSwitches: RenditionSwitch[];
  /** Subtitle tracks the player lists (hls.js `subtitleTracks`, dash.js `getTracksFor('text')`). */
  textTracks: number;
  /** Paths the player fetched from `rootDir` (200/206), in order, e.g. `/360p/seg-00001.m4s`. */
  servedPaths: string[];
}

const require = createRequire(import.meta.url);
const LIBRARY_FILES: Record<StreamKind, { path: string; file: string }> = {
  hls: { path: '/hls.min.js', file: require.resolve('hls.js/dist/hls.min.js') },
  // dash.js v5's `require` export is the modern UMD bundle, which defines `window.dashjs`.
  dash: { path: '/dash.all.min.js', file: require.resolve('dashjs') },
};

/**
 * Plays a stream in headless Chromium with hls.js or dash.js (from node_modules), served from a
 * loopback static server on another origin than the page (so CORS is exercised), muted. It waits
 * for `minPlayedSec` of playback and, when asked, a forced switch to another rendition that is
 * actually on screen. Media errors do not throw: a fatal one ends the run and is reported (with
 * `playedSec` short of the target), so a test asserts `mediaErrors` is empty. Rejects when
 * playback gets stuck without an error for `timeoutMs`, with what was observed so far.
 * The server and browser page (and the browser, if launched here) are closed in every case.
 *
 * @example
 * const report = await playStream({ rootDir: dir, entryPath: 'master.m3u8', kind: 'hls' });
 * expect(report.mediaErrors).toEqual([]);
 * expect(report.renditionSwitches.length).toBeGreaterThan(0);
 */
export async function playStream({
  rootDir,
  entryPath,
  kind,
  minPlayedSec = 2,
  switchRendition = true,
  timeoutMs = 45_000,
  browser,
}: PlayStreamOptions): Promise<PlaybackReport> {
  const server = await startStaticServer(rootDir);
  let pageServer: LoopbackListener | undefined;
  let ownBrowser: Browser | undefined;
  let context: BrowserContext | undefined;
  try {
    pageServer = await startPageServer(await playerPageFiles(kind));
    ownBrowser = browser === undefined ? await launchChromium() : undefined;
    context = await (browser ?? (ownBrowser as Browser)).newContext();
    const page = await context.newPage();
    await page.goto(`${pageServer.origin}/index.html`);
    const url = `${server.origin}/${entryPath.replace(/^\/+/, '')}`;
    const observed = await withTimeout(
      page.evaluate((options) => (globalThis as unknown as ReelWindow).reelPlay(options), {
        kind,
        url,
        minPlayedSec,
        switchRendition,
      }),
      timeoutMs,
      () => describeProgress(page),
    );
    return {
      playedSec: observed.playedSec,
      mediaErrors: observed.mediaErrors,
      renditions: observed.renditions,
      renditionSwitches: observed.renditionSwitches,
      textTracks: observed.textTracks,
      servedPaths: [...server.servedPaths],
    };
  } finally {
    await context?.close();
    await ownBrowser?.close();
    await pageServer?.close();
    await server.close();
  }
}

/** What the page harness keeps in `window.reelState`; the server's log is added on this side. */
type HarnessState = Omit<PlaybackReport, 'servedPaths'> & { phase: string };

interface ReelWindow {
  reelPlay(options: {
    kind: StreamKind;
    url: string;
    minPlayedSec: number;
    switchRendition: boolean;
  }): Promise<HarnessState>;
  reelState: HarnessState;
}

async function playerPageFiles(kind: StreamKind): Promise<Record<string, PageFile>> {
  const library = LIBRARY_FILES[kind];
  return {
    '/index.html': { body: buildPlayerPage(library.path), contentType: 'text/html; charset=utf-8' },
    [library.path]: {
      body: await readFile(library.file, 'utf8'),
      contentType: 'text/javascript; charset=utf-8',
    },
    '/harness.js': { body: PLAYER_HARNESS_SCRIPT, contentType: 'text/javascript; charset=utf-8' },
  };
}

async function describeProgress(page: Page): Promise<string> {
  const state = await page
    .evaluate(() => (globalThis as unknown as ReelWindow).reelState)
    .catch(() => undefined);
  return state === undefined ? 'the player page did not load' : JSON.stringify(state);
}

async function withTimeout<T>(
  work: Promise<T>,
  timeoutMs: number,
  describe: () => Promise<string>,
): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      void describe().then((progress) =>
        reject(new Error(`Playback did not finish within ${timeoutMs} ms: ${progress}`)),
      );
    }, timeoutMs);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
