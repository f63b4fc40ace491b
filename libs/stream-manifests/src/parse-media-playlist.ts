import { CorruptInputError } from '@reel/error-taxonomy';
import { parseAttributeList } from './hls-attributes';

export interface MediaPlaylistSegment {
  /** The segment's URI as written (relative to the playlist). */
  uri: string;
  durationSec: number;
}

export interface MediaPlaylist {
  /** `#EXT-X-VERSION`; 1 when the tag is absent (RFC 8216 §4.3.1.2). */
  version: number;
  targetDurationSec: number;
  /** `#EXT-X-MAP` URI: the fMP4/CMAF init segment; undefined for MPEG-TS playlists. */
  mapUri: string | undefined;
  segments: MediaPlaylistSegment[];
  /** True when `#EXT-X-ENDLIST` closes the playlist (a complete VOD rendition). */
  endList: boolean;
}

/** Tags of a master playlist: finding one means the caller was handed the wrong playlist. */
const MASTER_ONLY_TAGS = ['#EXT-X-STREAM-INF', '#EXT-X-MEDIA:', '#EXT-X-I-FRAME-STREAM-INF'];

/**
 * Reads an HLS media playlist (RFC 8216 §4.3) strictly: the segments with their durations, the
 * init segment and whether the playlist is complete. Tags it does not need are skipped; anything
 * that breaks the grammar is a {@link CorruptInputError} naming the line.
 *
 * @example
 * const playlist = parseMediaPlaylist(await readFile('720p/index.m3u8', 'utf8'));
 * playlist.segments.map(({ uri, durationSec }) => `${uri} ${durationSec}`);
 */
export function parseMediaPlaylist(text: string): MediaPlaylist {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  if (lines[0]?.trim() !== '#EXTM3U') {
    throw corrupt('does not start with #EXTM3U', 1, lines[0] ?? '');
  }
  let version = 1;
  let targetDurationSec: number | undefined;
  let mapUri: string | undefined;
  let endList = false;
  let pendingDurationSec: number | undefined;
  const segments: MediaPlaylistSegment[] = [];

  lines.slice(1).forEach((rawLine, index) => {
    const line = rawLine.trim();
    const lineNumber = index + 2;
    if (line === '') return;
    if (endList) throw corrupt('has content after #EXT-X-ENDLIST', lineNumber, line);
    if (MASTER_ONLY_TAGS.some((tag) => line.startsWith(tag))) {
      throw corrupt('is a master playlist, not a media playlist', lineNumber, line);
    }
    if (line.startsWith('#EXT-X-VERSION:')) {
      version = parseWholeNumber(line, lineNumber);
    } else if (line.startsWith('#EXT-X-TARGETDURATION:')) {
      targetDurationSec = parseWholeNumber(line, lineNumber);
    } else if (line.startsWith('#EXT-X-MAP:')) {
      const uri = parseAttributeList(valueOf(line))?.get('URI');
      if (uri === undefined || uri === '') {
        throw corrupt('has an #EXT-X-MAP without a URI', lineNumber, line);
      }
      mapUri = uri;
    } else if (line.startsWith('#EXTINF:')) {
      if (pendingDurationSec !== undefined) {
        throw corrupt('has two #EXTINF tags for one segment', lineNumber, line);
      }
      pendingDurationSec = parseDuration(line, lineNumber);
    } else if (line === '#EXT-X-ENDLIST') {
      endList = true;
    } else if (!line.startsWith('#')) {
      if (pendingDurationSec === undefined) {
        throw corrupt('has a segment URI without #EXTINF', lineNumber, line);
      }
      segments.push({ uri: line, durationSec: pendingDurationSec });
      pendingDurationSec = undefined;
    }
  });

  if (pendingDurationSec !== undefined) {
    throw corrupt('ends with an #EXTINF that has no segment URI', lines.length, '');
  }
  if (targetDurationSec === undefined) {
    throw corrupt('has no #EXT-X-TARGETDURATION', 1, '#EXTM3U');
  }
  const target = targetDurationSec;
  // §4.3.3.1: every EXTINF rounded to the nearest integer must not exceed the target duration.
  const overlong = segments.find(({ durationSec }) => Math.round(durationSec) > target);
  if (overlong !== undefined) {
    throw new CorruptInputError(
      `HLS media playlist has a segment longer than its target duration of ${target} s`,
      {
        details: {
          uri: overlong.uri,
          durationSec: overlong.durationSec,
          targetDurationSec: target,
        },
      },
    );
  }
  return { version, targetDurationSec: target, mapUri, segments, endList };
}

function valueOf(line: string): string {
  return line.slice(line.indexOf(':') + 1);
}

function parseWholeNumber(line: string, lineNumber: number): number {
  const value = valueOf(line);
  if (!/^\d+$/.test(value))
    throw corrupt('has a tag whose value is not a number', lineNumber, line);
  return Number(value);
}

function parseDuration(line: string, lineNumber: number): number {
  const [durationText = ''] = valueOf(line).split(',', 1);
  const durationSec = Number(durationText);
  if (!/^\d+(\.\d+)?$/.test(durationText) || !Number.isFinite(durationSec)) {
    throw corrupt('has an #EXTINF whose duration is not a number', lineNumber, line);
  }
  return durationSec;
}

function corrupt(problem: string, lineNumber: number, line: string): CorruptInputError {
  return new CorruptInputError(`HLS media playlist ${problem} (line ${lineNumber})`, {
    details: { lineNumber, line: line.slice(0, 200) },
  });
}
