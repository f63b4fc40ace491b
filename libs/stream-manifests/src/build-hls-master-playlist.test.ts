import { InvalidRequestError } from '@reel/error-taxonomy';
import { describe, expect, it } from 'vitest';
import { buildHlsMasterPlaylist, type HlsVideoVariant } from './build-hls-master-playlist';

const rung720: HlsVideoVariant = {
  uri: '720p/index.m3u8',
  bandwidthBps: 3_000_000,
  averageBandwidthBps: 2_400_000.4,
  width: 1280,
  height: 720,
  frameRate: 30000 / 1001,
  codecs: 'avc1.64001f',
};
const rung480: HlsVideoVariant = {
  ...rung720,
  uri: '480p/index.m3u8',
  bandwidthBps: 1_200_000,
  averageBandwidthBps: 1_000_000,
  width: 854,
  height: 480,
  codecs: 'avc1.64001e',
};
const audio = {
  groupId: 'audio',
  name: 'Main',
  uri: 'audio/index.m3u8',
  codecs: 'mp4a.40.2',
  channels: 2,
  language: 'en',
  bandwidthBps: 130_000,
};
const subtitles = { groupId: 'subs', name: 'English', uri: 'subtitles/en.m3u8', language: 'en' };

describe('Function: buildHlsMasterPlaylist', () => {
  it('writes a version 7 master with an audio group, a subtitle group and one variant per rung', () => {
    // Act
    const master = buildHlsMasterPlaylist({ video: [rung720, rung480], audio, subtitles });

    // Assess
    expect(master).toBe(
      [
        '#EXTM3U',
        '#EXT-X-VERSION:7',
        '#EXT-X-INDEPENDENT-SEGMENTS',
        '#EXT-X-MEDIA:TYPE=SUBTITLES,GROUP-ID="subs",NAME="English",LANGUAGE="en",DEFAULT=NO,AUTOSELECT=YES,FORCED=NO,URI="subtitles/en.m3u8"',
        '#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="audio",NAME="Main",LANGUAGE="en",DEFAULT=YES,AUTOSELECT=YES,CHANNELS="2",URI="audio/index.m3u8"',
        '#EXT-X-STREAM-INF:BANDWIDTH=3130000,AVERAGE-BANDWIDTH=2530001,RESOLUTION=1280x720,CODECS="avc1.64001f,mp4a.40.2",FRAME-RATE=29.970,AUDIO="audio",SUBTITLES="subs"',
        '720p/index.m3u8',
        '#EXT-X-STREAM-INF:BANDWIDTH=1330000,AVERAGE-BANDWIDTH=1130000,RESOLUTION=854x480,CODECS="avc1.64001e,mp4a.40.2",FRAME-RATE=29.970,AUDIO="audio",SUBTITLES="subs"',
        '480p/index.m3u8',
        '',
      ].join('\n'),
    );
  });

  it('lists video-only codecs and no AUDIO group when there is no audio', () => {
    // Act
    const master = buildHlsMasterPlaylist({ video: [rung480] });

    // Assess
    expect(master).toContain(
      'BANDWIDTH=1200000,AVERAGE-BANDWIDTH=1000000,RESOLUTION=854x480,CODECS="avc1.64001e",FRAME-RATE=29.970\n',
    );
    expect(master).not.toContain('AUDIO');
  });

  it('makes the audio playlist the single variant of an audio-only input', () => {
    // Act
    const master = buildHlsMasterPlaylist({ video: [], audio });

    // Assess
    expect(master.split('\n').slice(3)).toEqual([
      '#EXT-X-STREAM-INF:BANDWIDTH=130000,AVERAGE-BANDWIDTH=130000,CODECS="mp4a.40.2"',
      'audio/index.m3u8',
      '',
    ]);
  });

  it('marks the subtitles DEFAULT=YES when asked', () => {
    // Act
    const master = buildHlsMasterPlaylist({
      video: [rung480],
      subtitles: { ...subtitles, isDefault: true },
    });

    // Assess
    expect(master).toContain(
      'TYPE=SUBTITLES,GROUP-ID="subs",NAME="English",LANGUAGE="en",DEFAULT=YES,',
    );
  });

  it.each([
    [
      'a name with a double quote',
      { video: [rung480], audio: { ...audio, name: 'The "main" mix' } },
    ],
    [
      'a URI with a line break',
      { video: [{ ...rung480, uri: '480p/index.m3u8\n#EXT-X-ENDLIST' }] },
    ],
    ['a fractional width', { video: [{ ...rung480, width: 853.5 }] }],
    ['a zero frame rate', { video: [{ ...rung480, frameRate: 0 }] }],
    ['no rendition at all', { video: [] }],
  ])('rejects %s with an InvalidRequestError', (_, input) => {
    // Act + Assess
    expect(() => buildHlsMasterPlaylist(input)).toThrow(InvalidRequestError);
  });
});
