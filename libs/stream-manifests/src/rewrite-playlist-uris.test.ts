import { CorruptInputError, InvalidRequestError } from '@reel/error-taxonomy';
import { describe, expect, it } from 'vitest';
import { buildHlsMasterPlaylist } from './build-hls-master-playlist';
import { parseMediaPlaylist } from './parse-media-playlist';
import { listPlaylistUris, rewritePlaylistUris } from './rewrite-playlist-uris';

/** What ffmpeg's CMAF packager writes for an audio rendition (two segments, an init segment). */
const audioPlaylist = [
  '#EXTM3U',
  '#EXT-X-VERSION:7',
  '#EXT-X-TARGETDURATION:4',
  '#EXT-X-MEDIA-SEQUENCE:1',
  '#EXT-X-PLAYLIST-TYPE:VOD',
  '#EXT-X-MAP:URI="init.mp4"',
  '#EXTINF:4.010667,',
  'seg-00001.m4s',
  '#EXTINF:0.021333,',
  'seg-00002.m4s',
  '#EXT-X-ENDLIST',
  '',
].join('\n');

const master = buildHlsMasterPlaylist({
  video: [
    {
      uri: '360p/index.m3u8',
      bandwidthBps: 900_000,
      averageBandwidthBps: 800_000,
      width: 640,
      height: 360,
      frameRate: 30,
      codecs: 'avc1.64001e',
    },
  ],
  audio: {
    groupId: 'audio',
    name: 'Main',
    uri: 'audio/index.m3u8',
    codecs: 'mp4a.40.2',
    channels: 2,
    bandwidthBps: 130_000,
  },
  subtitles: { groupId: 'subs', name: 'en', uri: 'subtitles/en.m3u8', language: 'en' },
});

const presigned = (uri: string) =>
  `https://bucket.s3.test/dev/t/j/renditions/cmaf/v1/audio/${uri}?X-Amz-Expires=3600&X-Amz-Signature=ab12`;

describe('Function: listPlaylistUris', () => {
  it('lists the init segment and every segment of a media playlist, in order', () => {
    // Act
    const uris = listPlaylistUris(audioPlaylist);

    // Assess
    expect(uris).toEqual(['init.mp4', 'seg-00001.m4s', 'seg-00002.m4s']);
  });

  it('lists the subtitle and audio renditions and the variants of a master', () => {
    // Act
    const uris = listPlaylistUris(master);

    // Assess
    expect(uris).toEqual(['subtitles/en.m3u8', 'audio/index.m3u8', '360p/index.m3u8']);
  });
});

describe('Function: rewritePlaylistUris', () => {
  it('replaces the map and segment URIs and keeps every tag, so the playlist parses the same', () => {
    // Act
    const rewritten = rewritePlaylistUris({ text: audioPlaylist, rewriteUri: presigned });

    // Assess
    const before = parseMediaPlaylist(audioPlaylist);
    const after = parseMediaPlaylist(rewritten);
    expect(after.mapUri).toBe(presigned('init.mp4'));
    expect(after.segments).toEqual(
      before.segments.map(({ uri, durationSec }) => ({ uri: presigned(uri), durationSec })),
    );
    expect(after).toMatchObject({ version: 7, targetDurationSec: 4, endList: true });
    const tagsOf = (text: string) =>
      text.split('\n').filter((line) => line.startsWith('#') && !line.startsWith('#EXT-X-MAP'));
    expect(tagsOf(rewritten)).toEqual(tagsOf(audioPlaylist));
  });

  it('rewrites the URI attributes of a master’s renditions and its variant lines only', () => {
    // Act
    const rewritten = rewritePlaylistUris({
      text: master,
      rewriteUri: (uri) => `${uri}?expires=1700000000&token=abc`,
    });

    // Assess
    expect(rewritten).toBe(
      master
        .replace('URI="subtitles/en.m3u8"', 'URI="subtitles/en.m3u8?expires=1700000000&token=abc"')
        .replace('URI="audio/index.m3u8"', 'URI="audio/index.m3u8?expires=1700000000&token=abc"')
        .replace('\n360p/index.m3u8', '\n360p/index.m3u8?expires=1700000000&token=abc'),
    );
  });

  it('keeps CRLF line ends as they were', () => {
    // Prepare
    const crlf = audioPlaylist.replaceAll('\n', '\r\n');

    // Act
    const rewritten = rewritePlaylistUris({ text: crlf, rewriteUri: (uri) => `/x/${uri}` });

    // Assess
    expect(rewritten).toBe(
      crlf
        .replace('URI="init.mp4"', 'URI="/x/init.mp4"')
        .replace('\r\nseg-00001', '\r\n/x/seg-00001')
        .replace('\r\nseg-00002', '\r\n/x/seg-00002'),
    );
  });

  it('refuses text that is not a playlist', () => {
    // Act / Assess
    expect(() => rewritePlaylistUris({ text: '<MPD/>', rewriteUri: (uri) => uri })).toThrow(
      CorruptInputError,
    );
  });

  it.each([
    ['a double quote in a tag attribute', (uri: string) => `${uri}"`],
    ['a line break', (uri: string) => `${uri}\n#EXT-X-ENDLIST`],
  ])('refuses a new URI with %s', (_case, rewriteUri) => {
    // Act / Assess
    expect(() => rewritePlaylistUris({ text: audioPlaylist, rewriteUri })).toThrow(
      InvalidRequestError,
    );
  });
});
