/**
 * Turns a stream of text chunks into whole lines (`\n` or `\r\n`, or `lineBreak`), in bounded memory: a line
 * longer than `maxLineChars` is cut to its last `maxLineChars` characters.
 *
 * @example
 * const split = createLineSplitter((line) => lines.push(line));
 * split.push('a=1\nb='); split.push('2\n'); // lines: ['a=1', 'b=2']
 */
export function createLineSplitter(
  onLine: (line: string) => void,
  {
    maxLineChars = 64 * 1024,
    lineBreak = /\r?\n/,
  }: { maxLineChars?: number; lineBreak?: RegExp } = {},
): { push(chunk: string): void; end(): void } {
  let partial = '';
  return {
    push(chunk) {
      const pieces = (partial + chunk).split(lineBreak);
      partial = (pieces.pop() ?? '').slice(-maxLineChars);
      for (const line of pieces) onLine(line.slice(-maxLineChars));
    },
    end() {
      if (partial.length > 0) onLine(partial);
      partial = '';
    },
  };
}
