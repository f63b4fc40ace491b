/** One inclusive byte range of an object, as `Content-Range: bytes {start}-{end}/{size}` says it. */
export interface ByteRange {
  start: number;
  end: number;
}

/**
 * What a `Range` header asks of an object of `sizeBytes`: one {@link ByteRange}, `'unsatisfiable'`
 * (answer 416), or `undefined` to send the whole object (no header, a malformed one, another unit,
 * or several ranges — RFC 9110 lets a server ignore those, and players ask for one range at a time).
 * `bytes=a-b`, `bytes=a-` and the suffix form `bytes=-n` (the last n bytes) are understood; an end
 * past the object is clamped to its last byte.
 *
 * @example
 * parseByteRange('bytes=-500', 1000); // → { start: 500, end: 999 }
 */
export function parseByteRange(
  header: string | undefined,
  sizeBytes: number,
): ByteRange | 'unsatisfiable' | undefined {
  const match = /^bytes=[ \t]*(\d*)-(\d*)[ \t]*$/i.exec(header ?? '');
  if (match === null) return undefined;
  const [, first = '', last = ''] = match;
  if (first === '' && last === '') return undefined;
  if (first === '') {
    const suffixBytes = Number(last);
    if (suffixBytes === 0 || sizeBytes === 0) return 'unsatisfiable';
    return { start: Math.max(0, sizeBytes - suffixBytes), end: sizeBytes - 1 };
  }
  const start = Number(first);
  if (last !== '' && Number(last) < start) return undefined;
  if (start >= sizeBytes) return 'unsatisfiable';
  return { start, end: last === '' ? sizeBytes - 1 : Math.min(Number(last), sizeBytes - 1) };
}
