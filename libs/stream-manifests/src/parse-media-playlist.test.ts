import { CorruptInputError } from '@reel/error-taxonomy';
import { describe, expect, it } from 'vitest';
import { parseMediaPlaylist } from './parse-media-playlist';

/** What ffmpeg's hls muxer writes for `-hls_segment_type fmp4 -hls_playlist_type vod`. */
const ffmpegPlaylist = [
  '#EXTM3U',
  '#EXT-X-VERSION:7',
  '#EXT-X-TARGETDURATION:4',
  '#EXT-X-MEDIA-SEQUENCE:1',
  '#EXT-X-PLAYLIST-TYPE:VOD',
  '#EXT-X-INDEPENDENT-SEGMENTS',
  '#EXT-X-MAP:URI="init.mp4"',
  '#EXTINF:4.000000,',
  'seg-00001.m4s',
  '#EXTINF:4.000000,',
  'seg-00002.m4s',
  '#EXTINF:1.466667,',
  'seg-00003.m4s',
  '#EXT-X-ENDLIST',
  '',
].join('\n');

const withLine = (index: number, line: string | undefined) => {
  const lines = ffmpegPlaylist.split('\n');
  if (line === undefined) lines.splice(index, 1);
  else lines[index] = line;
  return lines.join('\n');
};

describe('Function: parseMediaPlaylist', () => {
  it('reads version, target duration, init segment, segments and the end marker', () => {
    // Act
    const playlist = parseMediaPlaylist(ffmpegPlaylist);

    // Assess
    expect(playlist).toEqual({
      version: 7,
      targetDurationSec: 4,
      mapUri: 'init.mp4',
      segments: [
        { uri: 'seg-00001.m4s', durationSec: 4 },
        { uri: 'seg-00002.m4s', durationSec: 4 },
        { uri: 'seg-00003.m4s', durationSec: 1.466667 },
      ],
      endList: true,
    });
  });

  it('accepts CRLF line ends, a title after the duration and a playlist still growing', () => {
    // Prepare
    const text = withLine(7, '#EXTINF:4.0,intro').replace('#EXT-X-ENDLIST\n', '');

    // Act
    const playlist = parseMediaPlaylist(text.replaceAll('\n', '\r\n'));

    // Assess
    expect(playlist.segments[0]).toEqual({ uri: 'seg-00001.m4s', durationSec: 4 });
    expect(playlist.endList).toBe(false);
  });

  it.each([
    ['text that is not a playlist', 'hello\n'],
    ['a missing target duration', withLine(2, undefined)],
    ['a target duration that is not a number', withLine(2, '#EXT-X-TARGETDURATION:four')],
    ['a duration that is not a number', withLine(7, '#EXTINF:abc,')],
    ['a negative duration', withLine(7, '#EXTINF:-4,')],
    ['a segment without #EXTINF', withLine(7, '#EXT-X-DISCONTINUITY')],
    ['an #EXTINF without its segment', withLine(12, '#EXTINF:1.0,')],
    ['two #EXTINF for one segment', withLine(8, '#EXTINF:4.0,')],
    ['an #EXT-X-MAP without a URI', withLine(6, '#EXT-X-MAP:BYTERANGE="100@0"')],
    ['an #EXT-X-MAP that is not an attribute list', withLine(6, '#EXT-X-MAP:URI=init.mp4"')],
    ['a segment longer than the target duration', withLine(7, '#EXTINF:4.6,')],
    ['content after #EXT-X-ENDLIST', `${ffmpegPlaylist}seg-00004.m4s\n`],
    ['a master playlist', '#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=1\n720p/index.m3u8\n'],
  ])('rejects %s with a CorruptInputError', (_, text) => {
    // Act + Assess
    expect(() => parseMediaPlaylist(text)).toThrow(CorruptInputError);
  });

  it('names the offending line in the error', () => {
    // Act
    const error = (() => {
      try {
        parseMediaPlaylist(withLine(7, '#EXTINF:abc,'));
      } catch (caught) {
        return caught;
      }
      return undefined;
    })();

    // Assess
    expect(error).toBeInstanceOf(CorruptInputError);
    expect((error as CorruptInputError).details).toMatchObject({
      lineNumber: 8,
      line: '#EXTINF:abc,',
    });
  });
});
