import { InvalidRequestError } from '@reel/error-taxonomy';
import { requireUriLine } from './hls-attributes';

export interface SubtitlePlaylistInput {
  /** The WebVTT file, relative to this playlist (e.g. `en.vtt`). */
  vttUri: string;
  /** The programme's duration: the one "segment" covers all of it. */
  durationSec: number;
}

/**
 * Writes a VOD media playlist whose single segment is a whole WebVTT file — the form players
 * accept for side-loaded captions in an HLS master (`EXT-X-MEDIA TYPE=SUBTITLES`).
 *
 * @example
 * buildSubtitlePlaylist({ vttUri: 'en.vtt', durationSec: 61.2 });
 * // #EXTM3U … #EXT-X-TARGETDURATION:62 … #EXTINF:61.200, en.vtt #EXT-X-ENDLIST
 */
export function buildSubtitlePlaylist({ vttUri, durationSec }: SubtitlePlaylistInput): string {
  if (!Number.isFinite(durationSec) || durationSec <= 0) {
    throw new InvalidRequestError('A subtitle playlist needs a positive duration', {
      details: { durationSec },
    });
  }
  return [
    '#EXTM3U',
    '#EXT-X-VERSION:3',
    `#EXT-X-TARGETDURATION:${Math.max(1, Math.ceil(durationSec))}`,
    '#EXT-X-MEDIA-SEQUENCE:0',
    '#EXT-X-PLAYLIST-TYPE:VOD',
    `#EXTINF:${durationSec.toFixed(3)},`,
    requireUriLine(vttUri, 'WebVTT'),
    '#EXT-X-ENDLIST',
    '',
  ].join('\n');
}
