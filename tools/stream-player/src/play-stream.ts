import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium } from './launch-chromium';
import { buildPlayerPage, PLAYER_HARNESS_SCRIPT } from './player-harness';
import type { LoopbackListener } from './listen-on-loopback';
import { startPageServer, type PageFile } from './page-server';
import { startStaticServer } from './static-server';

export type StreamKind = 'hls' | 'dash';

interface PlayStreamCommonOptions {
  kind: StreamKind;
  /** Seconds of media that must have played (sum of `video.played`); default 2. */
  minPlayedSec?: number;
  /** Force a switch to another rendition once playing and wait until it is on screen; default true. */
  switchRendition?: boolean;
  /** Give up (and reject) after this long; default 45 000. */
  timeoutMs?: number;
  /** A browser to reuse (see `launchChromium`); without one, a browser is launched and closed. */
  browser?: Browser;
  /** Where to write a PNG of the video element once playback has finished. */
  screenshotPath?: string;
}

/** A stream served here from a folder, to a page on another origin (CORS exercised). */
export interface PlayFolderOptions extends PlayStreamCommonOptions {
  /** Directory served as the stream's origin. */
  rootDir: string;
  /** The master playlist or MPD, relative to `rootDir` (e.g. `master.m3u8`). */
  entryPath: string;
}

/**
 * A stream some server already serves (e.g. `reel serve`'s API). The player page is answered by
 * the browser itself at `{origin of url}/__reel-player/`, so the page is same-origin with the
 * stream, as a site's own player would be, and the entry request can carry a key.
 */
export interface PlayUrlOptions extends PlayStreamCommonOptions {
  url: string;
  /** Headers for the entry request only (the master or MPD), e.g. `Authorization`. */
  entryHeaders?: Record<string, string>;
  /**
   * Serve the page from a loopback server of its own instead, so every stream request is
   * cross-origin and the stream's CORS answers are what let it play. Default false.
   */
  pageOnOtherOrigin?: boolean;
}

export type PlayStreamOptions = PlayFolderOptions | PlayUrlOptions;

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
  /** Every HTTP(S) response the page got besides the player page itself: URL and status, in order. */
  responses: Array<{ url: string; status: number }>;
}

const require = createRequire(import.meta.url);
const LIBRARY_FILES: Record<StreamKind, { path: string; file: string }> = {
  hls: { path: '/hls.min.js', file: require.resolve('hls.js/dist/hls.min.js') },
  // dash.js v5's `require` export is the modern UMD bundle, which defines `window.dashjs`.
  dash: { path: '/dash.all.min.js', file: require.resolve('dashjs') },
};

/**
 * Plays a stream in headless Chromium with hls.js or dash.js (from node_modules), muted: a folder
 * served from a loopback static server on another origin than the page (so CORS is exercised),
 * or a `url` another server serves, with the page on that URL's origin and `entryHeaders` on the
 * entry request only. It waits
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
export async function playStream(options: PlayStreamOptions): Promise<PlaybackReport> {
  const { kind, minPlayedSec = 2, switchRendition = true, timeoutMs = 45_000, browser } = options;
  const server = 'rootDir' in options ? await startStaticServer(options.rootDir) : undefined;
  let pageServer: LoopbackListener | undefined;
  let ownBrowser: Browser | undefined;
  let context: BrowserContext | undefined;
  try {
    const files = await playerPageFiles(kind);
    ownBrowser = browser === undefined ? await launchChromium() : undefined;
    context = await (browser ?? (ownBrowser as Browser)).newContext();
    let pageUrl: string;
    let url: string;
    if (server !== undefined && 'rootDir' in options) {
      pageServer = await startPageServer(files);
      pageUrl = `${pageServer.origin}/index.html`;
      url = `${server.origin}/${options.entryPath.replace(/^\/+/, '')}`;
    } else if ((options as PlayUrlOptions).pageOnOtherOrigin === true) {
      url = (options as PlayUrlOptions).url;
      pageServer = await startPageServer(files);
      pageUrl = `${pageServer.origin}/index.html`;
    } else {
      url = (options as PlayUrlOptions).url;
      pageUrl = await answerPageInBrowser(context, new URL(url).origin, files);
    }
    const responses: PlaybackReport['responses'] = [];
    const pageFilesOrigin = pageServer?.origin;
    const isPageFile = (responseUrl: string) =>
      pageFilesOrigin === undefined
        ? new URL(responseUrl).pathname.startsWith(PAGE_PATH)
        : responseUrl.startsWith(`${pageFilesOrigin}/`);
    context.on('response', (response) => {
      // blob: and data: answers are the page's own (hls.js starts its worker from a blob).
      if (/^https?:/.test(response.url()) && !isPageFile(response.url())) {
        responses.push({ url: response.url(), status: response.status() });
      }
    });
    const page = await context.newPage();
    await page.goto(pageUrl);
    const observed = await withTimeout(
      page.evaluate((harness) => (globalThis as unknown as ReelWindow).reelPlay(harness), {
        kind,
        url,
        minPlayedSec,
        switchRendition,
        entryHeaders: 'entryHeaders' in options ? (options.entryHeaders ?? {}) : {},
      }),
      timeoutMs,
      () => describeProgress(page),
    );
    if (options.screenshotPath !== undefined) {
      await page.locator('video').screenshot({ path: options.screenshotPath });
    }
    return {
      playedSec: observed.playedSec,
      mediaErrors: observed.mediaErrors,
      renditions: observed.renditions,
      renditionSwitches: observed.renditionSwitches,
      textTracks: observed.textTracks,
      servedPaths: server === undefined ? [] : [...server.servedPaths],
      responses,
    };
  } finally {
    await context?.close();
    await ownBrowser?.close();
    await pageServer?.close();
    await server?.close();
  }
}

/** Where the browser answers the player page itself in {@link PlayUrlOptions} runs. */
const PAGE_PATH = '/__reel-player/';

/**
 * Answers the page's files at `{origin}/__reel-player/…` inside the browser. Only those paths are
 * intercepted; the stream's own requests go to its server. The page then shares the stream's
 * real loopback origin, so Chromium's local-network-access check has nothing to refuse.
 */
async function answerPageInBrowser(
  context: BrowserContext,
  origin: string,
  files: Record<string, PageFile>,
): Promise<string> {
  await context.route(`${origin}${PAGE_PATH}**`, async (route) => {
    const path = new URL(route.request().url()).pathname.slice(PAGE_PATH.length - 1);
    const file = files[path];
    await (file === undefined
      ? route.fulfill({ status: 404 })
      : route.fulfill({ status: 200, contentType: file.contentType, body: file.body }));
  });
  return `${origin}${PAGE_PATH}index.html`;
}

/** What the page harness keeps in `window.reelState`; the server's log is added on this side. */
type HarnessState = Omit<PlaybackReport, 'servedPaths' | 'responses'> & { phase: string };

interface ReelWindow {
  reelPlay(options: {
    kind: StreamKind;
    url: string;
    minPlayedSec: number;
    switchRendition: boolean;
    entryHeaders: Record<string, string>;
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
