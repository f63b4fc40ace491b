import { InvalidRequestError } from '@reel/error-taxonomy';
import { describe, expect, it } from 'vitest';
import { contentTypeForKey, resolveContentType } from './content-type';

describe('Function: contentTypeForKey', () => {
  it.each([
    ['dev/acme/ep/renditions/cmaf/master.m3u8', 'application/vnd.apple.mpegurl'],
    ['dev/acme/ep/renditions/cmaf/manifest.mpd', 'application/dash+xml'],
    ['dev/acme/ep/renditions/cmaf/720p/seg-001.m4s', 'video/iso.segment'],
    ['dev/acme/ep/renders/final.MP4', 'video/mp4'],
    ['dev/acme/audio_clips/ep/0-1000.mp3', 'audio/mpeg'],
    ['dev/acme/ep/transcripts/words.srt', 'application/x-subrip'],
    ['dev/acme/ep/thumbnails/storyboard.vtt', 'text/vtt'],
    ['dev/acme/ep/logs/ffmpeg.log', 'text/plain; charset=utf-8'],
    ['dev/acme/ep/input/raw.bin', 'application/octet-stream'],
    ['dev/acme/ep/input/no-extension', 'application/octet-stream'],
  ])('types %s as %s', (key, expected) => {
    expect(contentTypeForKey(key)).toBe(expected);
  });
});

describe('Function: resolveContentType', () => {
  it('keeps a valid explicit type, parameters included', () => {
    expect(resolveContentType({ key: 'a.bin', contentType: 'text/plain; charset="utf-8"' })).toBe(
      'text/plain; charset="utf-8"',
    );
  });

  it.each(['video', 'video/mp4\r\nSet-Cookie: x=1', '/mp4', 'video/', 'video/mp4; charset', ''])(
    'rejects %j',
    (contentType) => {
      expect(() => resolveContentType({ key: 'a.mp4', contentType })).toThrow(InvalidRequestError);
    },
  );
});
