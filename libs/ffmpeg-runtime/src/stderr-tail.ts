/** Limits of a {@link StderrTail}; by default the last 40 lines or 8 KiB of text, whichever is less. */
export interface StderrTailLimits {
  maxLines?: number;
  maxChars?: number;
}

const LINE_BREAK = /\r\n|\r|\n/;

/**
 * The last lines a process wrote, in bounded memory: hours of ffmpeg output keep at most
 * `maxChars` characters (plus one unfinished line, itself capped at `maxChars`). `\r` counts as a
 * line break because ffmpeg's stats line rewrites itself with `\r` and never ends with `\n`.
 *
 * @example
 * const tail = new StderrTail({ maxLines: 40, maxChars: 8192 });
 * subprocess.stderr.on('data', (chunk) => tail.push(String(chunk)));
 * tail.text(); // the last lines, joined by '\n'
 */
export class StderrTail {
  readonly #maxLines: number;
  readonly #maxChars: number;
  #lines: string[] = [];
  #chars = 0;
  #partial = '';

  constructor({ maxLines = 40, maxChars = 8 * 1024 }: StderrTailLimits = {}) {
    if (!Number.isInteger(maxLines) || maxLines < 1) {
      throw new TypeError(`maxLines must be a positive integer, got ${maxLines}`);
    }
    if (!Number.isInteger(maxChars) || maxChars < 1) {
      throw new TypeError(`maxChars must be a positive integer, got ${maxChars}`);
    }
    this.#maxLines = maxLines;
    this.#maxChars = maxChars;
  }

  /** Adds a chunk of output; chunks may split lines anywhere. */
  push(chunk: string): void {
    const pieces = (this.#partial + chunk).split(LINE_BREAK);
    // The last piece has no line break yet: keep it, but never more than maxChars of it.
    this.#partial = (pieces.pop() ?? '').slice(-this.#maxChars);
    for (const line of pieces) {
      if (line.length > 0) this.#addLine(line.slice(-this.#maxChars));
    }
  }

  /** The kept lines (and any unfinished last line), oldest first, joined by `\n`. */
  text(): string {
    const lines = this.#partial.length > 0 ? [...this.#lines, this.#partial] : this.#lines;
    return lines.slice(-this.#maxLines).join('\n');
  }

  #addLine(line: string): void {
    this.#lines.push(line);
    this.#chars += line.length;
    while (this.#lines.length > this.#maxLines || this.#chars > this.#maxChars) {
      this.#chars -= this.#lines.shift()?.length ?? 0;
    }
  }
}
