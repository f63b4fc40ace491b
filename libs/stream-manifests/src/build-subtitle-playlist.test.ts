import { InvalidRequestError } from '@reel/error-taxonomy';
import { describe, expect, it } from 'vitest';
import { buildSubtitlePlaylist } from './build-subtitle-playlist';
import { parseMediaPlaylist } from './parse-media-playlist';

describe('Function: buildSubtitlePlaylist', () => {
  it('writes a complete VOD playlist whose one segment is the WebVTT file', () => {
    // Act
    const text = buildSubtitlePlaylist({ vttUri: 'en.vtt', durationSec: 61.2 });

    // Assess
    expect(text).toContain('#EXT-X-PLAYLIST-TYPE:VOD\n');
    expect(parseMediaPlaylist(text)).toEqual({
      version: 3,
      targetDurationSec: 62,
      mapUri: undefined,
      segments: [{ uri: 'en.vtt', durationSec: 61.2 }],
      endList: true,
    });
  });

  it.each([
    ['a zero duration', { vttUri: 'en.vtt', durationSec: 0 }],
    ['a URI with a line break', { vttUri: 'en.vtt\n#EXT-X-ENDLIST', durationSec: 5 }],
  ])('rejects %s', (_, input) => {
    // Act + Assess
    expect(() => buildSubtitlePlaylist(input)).toThrow(InvalidRequestError);
  });
});
