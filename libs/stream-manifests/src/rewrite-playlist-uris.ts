import { CorruptInputError, InvalidRequestError } from '@reel/error-taxonomy';

/** A `URI="…"` attribute of a tag's attribute list (after the tag's `:` or another attribute's `,`). */
const URI_ATTRIBUTE = /([:,])URI="([^"\r\n]*)"/g;

export interface RewritePlaylistUrisOptions {
  /** An HLS playlist, master or media (RFC 8216). */
  text: string;
  /** The URI to write instead of one as written (relative to the playlist, or absolute). */
  rewriteUri: (uri: string) => string;
}

/**
 * Every URI an HLS playlist names, in order, each once: the URI lines (variants of a master,
 * segments of a media playlist) and the `URI="…"` attributes of its tags (`#EXT-X-MEDIA`,
 * `#EXT-X-MAP`, `#EXT-X-KEY`, …). What a server has to sign before it rewrites the playlist
 * with {@link rewritePlaylistUris}.
 *
 * @example
 * listPlaylistUris(mediaPlaylistText); // ['init.mp4', 'seg-00001.m4s', 'seg-00002.m4s']
 */
export function listPlaylistUris(text: string): string[] {
  const uris = new Set<string>();
  rewritePlaylistUris({
    text,
    rewriteUri: (uri) => {
      uris.add(uri);
      return uri;
    },
  });
  return [...uris];
}

/**
 * The playlist with every URI replaced by `rewriteUri(uri)` — URI lines and `URI="…"` tag
 * attributes alike — and every other byte as it was, so a master keeps its variants and
 * renditions and a media playlist its durations, map and end tag. A playlist whose links must be
 * signed per answer (presigned segment URLs, tokens on child playlists) is stored with relative
 * URIs and rewritten when served. Throws {@link CorruptInputError} for text that is not a
 * playlist, and {@link InvalidRequestError} when a new URI cannot be written (a line break, or a
 * double quote in an attribute: RFC 8216 has no escape for either).
 *
 * @example
 * rewritePlaylistUris({ text, rewriteUri: (uri) => `${uri}?token=${token}` });
 */
export function rewritePlaylistUris({ text, rewriteUri }: RewritePlaylistUrisOptions): string {
  const lines = text.replace(/^\uFEFF/, '').split(/(\r?\n)/);
  if (lines[0]?.trim() !== '#EXTM3U') {
    throw new CorruptInputError('An HLS playlist must start with #EXTM3U', {
      details: { line: (lines[0] ?? '').slice(0, 200) },
    });
  }
  return lines
    .map((line, index) => {
      // Odd entries are the line breaks the split kept.
      if (index % 2 === 1) return line;
      const content = line.trim();
      if (content === '') return line;
      if (content.startsWith('#')) {
        return line.replace(URI_ATTRIBUTE, (_match, separator: string, uri: string) => {
          const rewritten = rewriteUri(uri);
          if (/["\r\n]/.test(rewritten)) throw unwritable(rewritten);
          return `${separator}URI="${rewritten}"`;
        });
      }
      const rewritten = rewriteUri(content);
      if (rewritten === '' || rewritten.startsWith('#') || /[\r\n]/.test(rewritten)) {
        throw unwritable(rewritten);
      }
      return rewritten;
    })
    .join('');
}

function unwritable(uri: string): InvalidRequestError {
  return new InvalidRequestError(
    'A playlist URI must be one line, not start with #, and hold no double quote in a tag',
    { details: { uri: uri.slice(0, 200) } },
  );
}
