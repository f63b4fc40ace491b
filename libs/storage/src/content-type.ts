import { InvalidRequestError } from '@reel/error-taxonomy';

const DEFAULT_CONTENT_TYPE = 'application/octet-stream';

// The media and sidecar formats reel writes; what a browser or player needs to see.
const contentTypesByExtension: Readonly<Record<string, string>> = {
  mp4: 'video/mp4',
  m4v: 'video/mp4',
  m4a: 'audio/mp4',
  m4s: 'video/iso.segment',
  mov: 'video/quicktime',
  mkv: 'video/x-matroska',
  webm: 'video/webm',
  ts: 'video/mp2t',
  mp3: 'audio/mpeg',
  wav: 'audio/wav',
  flac: 'audio/flac',
  ogg: 'audio/ogg',
  opus: 'audio/ogg',
  aac: 'audio/aac',
  m3u8: 'application/vnd.apple.mpegurl',
  mpd: 'application/dash+xml',
  vtt: 'text/vtt',
  srt: 'application/x-subrip',
  json: 'application/json',
  fcpxml: 'application/xml',
  otio: 'application/json',
  xml: 'application/xml',
  txt: 'text/plain; charset=utf-8',
  log: 'text/plain; charset=utf-8',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  png: 'image/png',
  webp: 'image/webp',
};

// type/subtype plus optional parameters; nothing that could break out of an HTTP header.
const CONTENT_TYPE_PATTERN =
  /^[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126}\/[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126}(\s*;\s*[A-Za-z0-9!#$&^_.+-]+=("[^"\r\n\\]*"|[A-Za-z0-9!#$&^_.+-]+))*$/;

/**
 * The content type for a key, from its extension (`.m3u8` → `application/vnd.apple.mpegurl`);
 * `application/octet-stream` when the extension is not one reel writes.
 *
 * @example
 * contentTypeForKey('dev/acme/ep-42/audio/audio.mp3'); // → 'audio/mpeg'
 */
export function contentTypeForKey(key: string): string {
  const fileName = key.slice(key.lastIndexOf('/') + 1);
  const dot = fileName.lastIndexOf('.');
  const extension = dot > 0 ? fileName.slice(dot + 1).toLowerCase() : '';
  return contentTypesByExtension[extension] ?? DEFAULT_CONTENT_TYPE;
}

/**
 * The content type to store: the one given (validated as `type/subtype[; param=value]`), else the
 * one the key's extension implies.
 *
 * @example
 * resolveContentType({ key: 'dev/acme/ep-42/plan/cuts.json' }); // → 'application/json'
 */
export function resolveContentType({
  key,
  contentType,
}: {
  key: string;
  contentType?: string;
}): string {
  if (contentType === undefined) return contentTypeForKey(key);
  if (typeof contentType !== 'string' || !CONTENT_TYPE_PATTERN.test(contentType)) {
    throw new InvalidRequestError(
      `contentType ${JSON.stringify(String(contentType).slice(0, 80))} is not a valid media type`,
      {
        details: { key },
        advice: 'Pass a media type such as "video/mp4" or "text/plain; charset=utf-8".',
      },
    );
  }
  return contentType;
}
