import { InvalidRequestError } from '@reel/error-taxonomy';
import { formatAttributeList, requireUriLine, type HlsAttribute } from './hls-attributes';

export interface HlsVideoVariant {
  /** The rendition's media playlist, relative to the master (e.g. `720p/index.m3u8`). */
  uri: string;
  /** Peak segment bit rate of the video alone (see `measureBandwidth`). */
  bandwidthBps: number;
  averageBandwidthBps: number;
  width: number;
  height: number;
  frameRate: number;
  /** RFC 6381 codec string of the video, e.g. `avc1.64001f`. */
  codecs: string;
}

export interface HlsAudioRendition {
  groupId: string;
  name: string;
  uri: string;
  /** RFC 6381 codec string, e.g. `mp4a.40.2`. */
  codecs: string;
  channels: number;
  /** RFC 5646 tag, e.g. `en`. */
  language?: string;
  /** Peak bit rate of the audio; added to every video variant's BANDWIDTH. */
  bandwidthBps: number;
  /** Average bit rate; defaults to `bandwidthBps` (AAC CBR). */
  averageBandwidthBps?: number;
}

export interface HlsSubtitleRendition {
  groupId: string;
  name: string;
  /** The subtitle media playlist (see `buildSubtitlePlaylist`). */
  uri: string;
  language: string;
  /** Shown without the viewer asking; default false (captions are offered, not imposed). */
  isDefault?: boolean;
}

export interface HlsMasterPlaylistInput {
  video: readonly HlsVideoVariant[];
  audio?: HlsAudioRendition;
  subtitles?: HlsSubtitleRendition;
}

/**
 * Writes an HLS master playlist (`#EXT-X-VERSION:7`, independent segments) over CMAF renditions:
 * one `EXT-X-STREAM-INF` per video rung, sharing one audio rendition group and an optional
 * subtitle group. BANDWIDTH is the video's peak plus the audio's peak (the worst case a player
 * must sustain); AVERAGE-BANDWIDTH likewise adds averages. With no video (an audio-only input)
 * the audio playlist itself is the single variant.
 *
 * @example
 * buildHlsMasterPlaylist({
 *   video: [{ uri: '720p/index.m3u8', bandwidthBps: 3_100_000, averageBandwidthBps: 2_400_000,
 *     width: 1280, height: 720, frameRate: 30, codecs: 'avc1.64001f' }],
 *   audio: { groupId: 'audio', name: 'Main', uri: 'audio/index.m3u8', codecs: 'mp4a.40.2',
 *     channels: 2, bandwidthBps: 130_000 },
 * });
 */
export function buildHlsMasterPlaylist({
  video,
  audio,
  subtitles,
}: HlsMasterPlaylistInput): string {
  const lines = ['#EXTM3U', '#EXT-X-VERSION:7', '#EXT-X-INDEPENDENT-SEGMENTS'];
  if (subtitles !== undefined) lines.push(subtitleMediaLine(subtitles));

  if (video.length === 0) {
    if (audio === undefined) {
      throw new InvalidRequestError('An HLS master playlist needs a video or an audio rendition');
    }
    lines.push(
      `#EXT-X-STREAM-INF:${formatAttributeList([
        ...bandwidthAttributes(audio.bandwidthBps, audio.averageBandwidthBps ?? audio.bandwidthBps),
        { name: 'CODECS', quoted: audio.codecs },
        ...subtitleGroupAttribute(subtitles),
      ])}`,
      requireUriLine(audio.uri, 'audio playlist'),
    );
    return `${lines.join('\n')}\n`;
  }

  if (audio !== undefined) lines.push(audioMediaLine(audio));
  for (const variant of video) {
    const audioPeakBps = audio?.bandwidthBps ?? 0;
    const audioAverageBps = audio?.averageBandwidthBps ?? audioPeakBps;
    const attributes: HlsAttribute[] = [
      ...bandwidthAttributes(
        variant.bandwidthBps + audioPeakBps,
        variant.averageBandwidthBps + audioAverageBps,
      ),
      { name: 'RESOLUTION', resolution: { width: variant.width, height: variant.height } },
      {
        name: 'CODECS',
        quoted: audio === undefined ? variant.codecs : `${variant.codecs},${audio.codecs}`,
      },
      { name: 'FRAME-RATE', decimal: variant.frameRate, fractionDigits: 3 },
      ...(audio === undefined ? [] : [{ name: 'AUDIO', quoted: audio.groupId }]),
      ...subtitleGroupAttribute(subtitles),
    ];
    lines.push(
      `#EXT-X-STREAM-INF:${formatAttributeList(attributes)}`,
      requireUriLine(variant.uri, 'variant playlist'),
    );
  }
  return `${lines.join('\n')}\n`;
}

function bandwidthAttributes(peakBps: number, averageBps: number): HlsAttribute[] {
  // decimal-integer attributes; rounding up keeps BANDWIDTH an upper bound, as §4.3.4.2 asks.
  return [
    { name: 'BANDWIDTH', integer: Math.ceil(peakBps) },
    { name: 'AVERAGE-BANDWIDTH', integer: Math.ceil(averageBps) },
  ];
}

function audioMediaLine(audio: HlsAudioRendition): string {
  return `#EXT-X-MEDIA:${formatAttributeList([
    { name: 'TYPE', enumerated: 'AUDIO' },
    { name: 'GROUP-ID', quoted: audio.groupId },
    { name: 'NAME', quoted: audio.name },
    ...(audio.language === undefined ? [] : [{ name: 'LANGUAGE', quoted: audio.language }]),
    { name: 'DEFAULT', enumerated: 'YES' },
    { name: 'AUTOSELECT', enumerated: 'YES' },
    // CHANNELS is a quoted-string: the count, optionally followed by '/'-separated parameters.
    { name: 'CHANNELS', quoted: String(audio.channels) },
    { name: 'URI', quoted: audio.uri },
  ])}`;
}

function subtitleMediaLine(subtitles: HlsSubtitleRendition): string {
  return `#EXT-X-MEDIA:${formatAttributeList([
    { name: 'TYPE', enumerated: 'SUBTITLES' },
    { name: 'GROUP-ID', quoted: subtitles.groupId },
    { name: 'NAME', quoted: subtitles.name },
    { name: 'LANGUAGE', quoted: subtitles.language },
    { name: 'DEFAULT', enumerated: subtitles.isDefault === true ? 'YES' : 'NO' },
    { name: 'AUTOSELECT', enumerated: 'YES' },
    { name: 'FORCED', enumerated: 'NO' },
    { name: 'URI', quoted: subtitles.uri },
  ])}`;
}

function subtitleGroupAttribute(subtitles: HlsSubtitleRendition | undefined): HlsAttribute[] {
  return subtitles === undefined ? [] : [{ name: 'SUBTITLES', quoted: subtitles.groupId }];
}
