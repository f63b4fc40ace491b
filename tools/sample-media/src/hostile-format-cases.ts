import { generateLavfiClip } from './lavfi-clip';
import {
  encodedClip,
  refused,
  textFile,
  withTemp,
  ffmpeg,
  type HostileCase,
} from './hostile-case-kit';

const hlsPlaylist = ['#EXTM3U', '#EXT-X-TARGETDURATION:10', '#EXTINF:10,'];
const sdpSession = ['v=0', 'o=- 0 0 IN IP4 127.0.0.1', 's=reel', 'c=IN IP4 127.0.0.1', 't=0 0'];

/**
 * Uploads that are not what reel accepts: playlists, lists and SDP files (also under media
 * names), images, containers and codecs off the allow-lists, no audio or video, no audio.
 */
export function unsupportedFormatCases(): HostileCase[] {
  const unsupported = (name: string, file: string, make: HostileCase['make']) =>
    refused(name, file, 'UNSUPPORTED_MEDIA', make);
  return [
    unsupported(
      'hls-playlist',
      'playlist.m3u8',
      textFile([
        ...hlsPlaylist,
        'http://169.254.169.254/latest/meta-data/',
        '#EXTINF:10,',
        'file:///etc/passwd',
        '#EXT-X-ENDLIST',
      ]),
    ),
    unsupported(
      'hls-playlist-named-mp4',
      'playlist-in-disguise.mp4',
      textFile([...hlsPlaylist, 'file:///etc/passwd', '#EXT-X-ENDLIST']),
    ),
    unsupported(
      'ffconcat-list',
      'list.ffconcat',
      textFile(['ffconcat version 1.0', "file '/etc/passwd'", "file '../../../../etc/shadow'"]),
    ),
    unsupported(
      'ffconcat-named-mkv',
      'list-in-disguise.mkv',
      textFile(['ffconcat version 1.0', "file '/etc/passwd'"]),
    ),
    unsupported(
      'sdp-session',
      'session.sdp',
      textFile([...sdpSession, 'm=audio 5004 RTP/AVP 0'], '\r\n'),
    ),
    unsupported('png-image', 'image.png', encodedClip(['-frames:v', '1'], { tone: false })),
    unsupported('jpeg-image', 'image.jpg', encodedClip(['-frames:v', '1'], { tone: false })),
    unsupported('gif-animation', 'animation.gif', encodedClip([], { tone: false })),
    unsupported('avi-container', 'clip.avi', encodedClip(['-c:v', 'mpeg4', '-c:a', 'mp3'])),
    unsupported(
      'mpeg-ts-container',
      'clip.ts',
      encodedClip(['-c:v', 'libx264', '-preset', 'ultrafast', '-c:a', 'aac']),
    ),
    unsupported(
      'flv-container',
      'clip.flv',
      encodedClip(['-c:v', 'flv1', '-c:a', 'mp3', '-ar', '44100']),
    ),
    unsupported('codec-ffv1', 'lossless.mkv', encodedClip(['-c:v', 'ffv1'], { tone: false })),
    unsupported(
      'codec-alaw',
      'telephone.mkv',
      encodedClip(['-c:a', 'pcm_alaw'], { pattern: false }),
    ),
    unsupported('subtitles-only', 'subtitles-only.mkv', (path) =>
      withTemp(path, '.srt', async (temp) => {
        await textFile(['1', '00:00:00,000 --> 00:00:02,000', 'Hello', ''])(temp);
        await ffmpeg(['-i', temp, '-c:s', 'srt', path]);
      }),
    ),
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
