/**
 * Browser-side script of the player page. It is plain JavaScript in a string (not a function
 * handed to `page.evaluate`) so the TypeScript transform cannot inject helpers the page lacks.
 *
 * `window.reelPlay(options)` plays one stream and resolves with what it observed; its state is
 * kept on `window.reelState` so the Node side can report how far playback got on a timeout.
 * The switch is forced with each player's manual API (hls.js `currentLevel`, dash.js
 * `setRepresentationForTypeById` with `autoSwitchBitrate.video` off) and counts only once the
 * new rendition is on screen: a fragment of it is playing (hls.js `FRAG_CHANGED`, dash.js
 * `QUALITY_CHANGE_RENDERED`) and the video element reports its height. A fatal media error ends
 * the run early and resolves with the errors seen (playedSec short of the target).
 */
export const PLAYER_HARNESS_SCRIPT = String.raw`
(() => {
  // Stalls and nudges are timing on a loaded machine, not faults in the stream.
  const BENIGN_HLS_DETAILS = new Set(['bufferStalledError', 'bufferNudgeOnStall', 'bufferSeekOverHole', 'bufferFullError']);
  const state = (window.reelState = {
    phase: 'loading', mediaErrors: [], renditions: 0, textTracks: 0, renditionSwitches: [],
    playedSec: 0, playing: undefined,
  });
  const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
  const label = (height, bandwidth) => (height ? height + 'p' : Math.round(bandwidth) + 'bps');
  const playedSec = (video) => {
    let total = 0;
    for (let index = 0; index < video.played.length; index += 1) total += video.played.end(index) - video.played.start(index);
    return total;
  };
  async function until(check, what) {
    while (!check()) {
      if (state.failed) throw new Error(what + ' never happened');
      await sleep(100);
    }
  }
  function watchVideo(video) {
    video.addEventListener('error', () => {
      const error = video.error;
      state.mediaErrors.push('video element error ' + (error ? error.code + ': ' + error.message : ''));
      state.failed = true;
    });
    // Frozen at the first failure: a failed element may report its whole duration as played.
    const tick = () => {
      if (!state.failed && !video.error) state.playedSec = playedSec(video);
    };
    video.addEventListener('timeupdate', tick);
    return tick;
  }
  function noteRendition(name) {
    if (state.playing !== undefined && state.playing !== name) state.renditionSwitches.push({ from: state.playing, to: name });
    state.playing = name;
  }

  // The entry request alone carries the headers (an API key): child playlists and segments are
  // signed links. hls.js calls xhrSetup before open(), so it opens the request itself here.
  const entryHeadersFor = (entryUrl, entryHeaders, requestUrl) =>
    requestUrl === entryUrl ? Object.entries(entryHeaders) : [];

  async function playHls(video, url, switchRendition, entryHeaders) {
    const hls = new Hls({
      capLevelToPlayerSize: false,
      xhrSetup: (xhr, requestUrl) => {
        const headers = entryHeadersFor(url, entryHeaders, requestUrl);
        if (headers.length === 0) return;
        xhr.open('GET', requestUrl, true);
        for (const [name, value] of headers) xhr.setRequestHeader(name, value);
      },
    });
    window.reelHls = hls;
    hls.on(Hls.Events.ERROR, (_, data) => {
      if (!data.fatal && data.type === Hls.ErrorTypes.MEDIA_ERROR && BENIGN_HLS_DETAILS.has(data.details)) return;
      if (!data.fatal && data.type !== Hls.ErrorTypes.MEDIA_ERROR) return;
      state.mediaErrors.push('hls.js ' + data.type + '/' + data.details + (data.fatal ? ' (fatal)' : '') + (data.error ? ': ' + data.error.message : ''));
      if (data.fatal) state.failed = true;
    });
    hls.on(Hls.Events.MANIFEST_PARSED, (_, data) => { state.renditions = data.levels.length; state.textTracks = hls.subtitleTracks.length; });
    hls.on(Hls.Events.SUBTITLE_TRACKS_UPDATED, (_, data) => { state.textTracks = data.subtitleTracks.length; });
    hls.on(Hls.Events.FRAG_CHANGED, (_, data) => {
      const level = hls.levels[data.frag.level];
      if (level) noteRendition(label(level.height, level.bitrate));
    });
    hls.loadSource(url);
    hls.attachMedia(video);
    await until(() => state.renditions > 0, 'manifest parsed');
    // play() settles late or never when the media fails; the checks below see the failure.
    video.play().catch(() => undefined);
    await until(() => state.playedSec > 0.3 && state.playing !== undefined, 'playback start');
    if (!switchRendition || hls.levels.length < 2) return;
    const from = hls.levels.findIndex((level) => label(level.height, level.bitrate) === state.playing);
    const to = from < hls.levels.length / 2 ? hls.levels.length - 1 : 0;
    const target = hls.levels[to];
    state.phase = 'switching to ' + label(target.height, target.bitrate);
    hls.currentLevel = to;
    await until(() => state.playing === label(target.height, target.bitrate) && video.videoHeight === target.height, 'switch to level ' + to);
  }

  async function playDash(video, url, switchRendition, entryHeaders) {
    const events = dashjs.MediaPlayer.events;
    const player = dashjs.MediaPlayer().create();
    player.addRequestInterceptor((request) => {
      const headers = entryHeadersFor(url, entryHeaders, request.url);
      if (headers.length > 0) request.headers = Object.assign({}, request.headers, Object.fromEntries(headers));
      return Promise.resolve(request);
    });
    window.reelDash = player;
    player.updateSettings({ debug: { logLevel: 1 }, streaming: { abr: { autoSwitchBitrate: { video: false } } } });
    player.on(events.ERROR, (event) => {
      const error = event.error || {};
      state.mediaErrors.push('dash.js error ' + error.code + ': ' + error.message);
      state.failed = true;
    });
    player.on(events.PLAYBACK_ERROR, (event) => {
      state.mediaErrors.push('dash.js playback error: ' + (event.error && event.error.message));
      state.failed = true;
    });
    player.on(events.STREAM_INITIALIZED, () => {
      const video = player.getRepresentationsByType('video');
      state.renditions = video.length > 0 ? video.length : player.getRepresentationsByType('audio').length;
      state.textTracks = player.getTracksFor('text').length;
    });
    player.on(events.QUALITY_CHANGE_RENDERED, (event) => {
      if (event.mediaType === 'video') noteRendition(label(event.newRepresentation.height, event.newRepresentation.bandwidth));
    });
    player.initialize(video, url, true);
    player.setMute(true);
    await until(() => state.renditions > 0, 'stream initialised');
    const current = () => player.getCurrentRepresentationForType('video') || player.getCurrentRepresentationForType('audio');
    await until(() => state.playedSec > 0.3 && current(), 'playback start');
    if (state.playing === undefined) state.playing = label(current().height, current().bandwidth);
    const representations = player.getRepresentationsByType('video');
    if (!switchRendition || representations.length < 2) return;
    const from = representations.findIndex((representation) => representation.id === current().id);
    const target = representations[from < representations.length / 2 ? representations.length - 1 : 0];
    state.phase = 'switching to ' + target.id;
    player.setRepresentationForTypeById('video', target.id, true);
    await until(() => state.playing === label(target.height, target.bandwidth) && video.videoHeight === target.height, 'switch to ' + target.id);
  }

  window.reelPlay = async ({ kind, url, minPlayedSec, switchRendition, entryHeaders }) => {
    const video = document.querySelector('video');
    const tick = watchVideo(video);
    const timer = setInterval(tick, 100);
    try {
      await (kind === 'hls'
        ? playHls(video, url, switchRendition, entryHeaders)
        : playDash(video, url, switchRendition, entryHeaders));
      state.phase = 'playing';
      await until(() => state.playedSec >= minPlayedSec || video.ended, minPlayedSec + ' s played');
      tick();
      state.phase = 'done';
      return state;
    } catch (error) {
      // A media failure is the answer, not a crash of the harness: report what was seen.
      if (state.failed) return state;
      throw error;
    } finally {
      clearInterval(timer);
    }
  };
})();
`;

/** The page: one muted inline video, the player library, then the harness. */
export function buildPlayerPage(libraryPath: string): string {
  return [
    '<!doctype html>',
    '<html><head><meta charset="utf-8"><title>reel stream player</title></head><body>',
    '<video muted autoplay playsinline width="640" height="360"></video>',
    `<script src="${libraryPath.replace(/^\/+/, '')}"></script>`,
    '<script src="harness.js"></script>',
    '</body></html>',
  ].join('\n');
}
