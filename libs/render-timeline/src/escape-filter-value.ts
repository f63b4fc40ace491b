/**
 * Escapes a value for one filter option inside a `-filter_complex` graph, so any path or text
 * reaches the filter as written. ffmpeg unescapes twice: the graph parser first (`\`, `'` and the
 * graph's separators `[`, `]`, `,`, `;`), then the filter's option parser (`\`, `'` and the option
 * separator `:`). So the value is escaped for the option parser, and that result for the graph.
 *
 * @example
 * `subtitles=filename=${escapeFilterValue("/tmp/a:b/it's.srt")}`;
 * // → subtitles=filename=/tmp/a\\\:b/it\\\'s.srt
 */
export function escapeFilterValue(value: string): string {
  if (value.includes('\0')) throw new TypeError('A filter option value cannot contain NUL');
  const forOptionParser = value.replace(/[\\':]/g, '\\$&');
  return forOptionParser.replace(/[\\'[\],;]/g, '\\$&');
}
