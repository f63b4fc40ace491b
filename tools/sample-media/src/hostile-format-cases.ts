import { writeFile } from 'node:fs/promises';
import { generateLavfiClip } from './lavfi-clip';
import { ffmpeg, lavfiPattern, lavfiTone, withTemp, type HostileCase } from './hostile-case-kit';

/**
 * Uploads that are not what reel accepts: playlists, lists and SDP files (also under media
 * names), images, containers and codecs off the allow-lists, no audio or video, no audio.
 */
export function unsupportedFormatCases(): HostileCase[] {
  return [
    {
      name: 'hls-playlist',
      file: 'playlist.m3u8',
      expectedCode: 'UNSUPPORTED_MEDIA',
      failsAt: 'validate',
      make: (path) =>
        writeFile(
          path,
          [
            '#EXTM3U',
            '#EXT-X-TARGETDURATION:10',
            '#EXTINF:10,',
            'http://169.254.169.254/latest/meta-data/',
            '#EXTINF:10,',
            'file:///etc/passwd',
            '#EXT-X-ENDLIST',
            '',
          ].join('\n'),
        ),
    },
    {
      name: 'hls-playlist-named-mp4',
      file: 'playlist-in-disguise.mp4',
      expectedCode: 'UNSUPPORTED_MEDIA',
      failsAt: 'validate',
      make: (path) =>
        writeFile(
          path,
          [
            '#EXTM3U',
            '#EXT-X-TARGETDURATION:10',
            '#EXTINF:10,',
            'file:///etc/passwd',
            '#EXT-X-ENDLIST',
            '',
          ].join('\n'),
        ),
    },
    {
      name: 'ffconcat-list',
      file: 'list.ffconcat',
      expectedCode: 'UNSUPPORTED_MEDIA',
      failsAt: 'validate',
      make: (path) =>
        writeFile(
          path,
          ['ffconcat version 1.0', "file '/etc/passwd'", "file '../../../../etc/shadow'", ''].join(
            '\n',
          ),
        ),
    },
    {
      name: 'ffconcat-named-mkv',
      file: 'list-in-disguise.mkv',
      expectedCode: 'UNSUPPORTED_MEDIA',
      failsAt: 'validate',
      make: (path) =>
        writeFile(path, ['ffconcat version 1.0', "file '/etc/passwd'", ''].join('\n')),
    },
    {
      name: 'sdp-session',
      file: 'session.sdp',
      expectedCode: 'UNSUPPORTED_MEDIA',
      failsAt: 'validate',
      make: (path) =>
        writeFile(
          path,
          [
            'v=0',
            'o=- 0 0 IN IP4 127.0.0.1',
            's=reel',
            'c=IN IP4 127.0.0.1',
            't=0 0',
            'm=audio 5004 RTP/AVP 0',
            '',
          ].join('\r\n'),
        ),
    },
    {
      name: 'png-image',
      file: 'image.png',
      expectedCode: 'UNSUPPORTED_MEDIA',
      failsAt: 'validate',
      make: (path) => ffmpeg([...lavfiPattern(1), '-frames:v', '1', path]),
    },
    {
      name: 'jpeg-image',
      file: 'image.jpg',
      expectedCode: 'UNSUPPORTED_MEDIA',
      failsAt: 'validate',
      make: (path) => ffmpeg([...lavfiPattern(1), '-frames:v', '1', path]),
    },
    {
      name: 'gif-animation',
      file: 'animation.gif',
      expectedCode: 'UNSUPPORTED_MEDIA',
      failsAt: 'validate',
      make: (path) => ffmpeg([...lavfiPattern(1), path]),
    },
    {
      name: 'avi-container',
      file: 'clip.avi',
      expectedCode: 'UNSUPPORTED_MEDIA',
      failsAt: 'validate',
      make: (path) =>
        ffmpeg([...lavfiPattern(1), ...lavfiTone(1), '-c:v', 'mpeg4', '-c:a', 'mp3', path]),
    },
    {
      name: 'mpeg-ts-container',
      file: 'clip.ts',
      expectedCode: 'UNSUPPORTED_MEDIA',
      failsAt: 'validate',
      make: (path) =>
        ffmpeg([
          ...lavfiPattern(1),
          ...lavfiTone(1),
          '-c:v',
          'libx264',
          '-preset',
          'ultrafast',
          '-c:a',
          'aac',
          path,
        ]),
    },
    {
      name: 'flv-container',
      file: 'clip.flv',
      expectedCode: 'UNSUPPORTED_MEDIA',
      failsAt: 'validate',
      make: (path) =>
        ffmpeg([
          ...lavfiPattern(1),
          ...lavfiTone(1),
          '-c:v',
          'flv1',
          '-c:a',
          'mp3',
          '-ar',
          '44100',
          path,
        ]),
    },
    {
      name: 'codec-ffv1',
      file: 'lossless.mkv',
      expectedCode: 'UNSUPPORTED_MEDIA',
      failsAt: 'validate',
      make: (path) => ffmpeg([...lavfiPattern(1), '-c:v', 'ffv1', path]),
    },
    {
      name: 'codec-alaw',
      file: 'telephone.mkv',
      expectedCode: 'UNSUPPORTED_MEDIA',
      failsAt: 'validate',
      make: (path) => ffmpeg([...lavfiTone(1), '-c:a', 'pcm_alaw', path]),
    },
    {
      name: 'subtitles-only',
      file: 'subtitles-only.mkv',
      expectedCode: 'UNSUPPORTED_MEDIA',
      failsAt: 'validate',
      make: (path) =>
        withTemp(path, '.srt', async (temp) => {
          await writeFile(temp, '1\n00:00:00,000 --> 00:00:02,000\nHello\n\n');
          await ffmpeg(['-i', temp, '-c:s', 'srt', path]);
        }),
    },
    {
      name: 'video-without-audio',
      file: 'silent-film.mp4',
      expectedCode: 'UNSUPPORTED_MEDIA',
      failsAt: 'audio-extraction',
      make: (path) =>
        generateLavfiClip({ outputPath: path, durationSec: 2, video: { width: 160, height: 120 } }),
    },
  ];
}
