import type { TranscriptSegment } from './transcript-schema';

/** Options of {@link buildSegments}. */
export interface BuildSegmentsOptions {
  /** A silence longer than this between two words starts a new segment. Default 500. */
  maxPauseMs?: number;
  /** A segment never spans more than this (first word's start to last word's end). Default 7000. */
  maxDurationMs?: number;
  /** A segment's text (words joined by spaces) never exceeds this. Default 84 (two caption lines). */
  maxChars?: number;
}

/** What {@link buildSegments} reads of a word. */
export interface TimedText {
  text: string;
  startMs: number;
  endMs: number;
}

// Providers that punctuate (AWS Transcribe) end sentences with these: a natural place to break.
const SENTENCE_END = /[.!?]$/;

/**
 * Groups words, in order, into caption-sized phrases: a new segment starts after a pause longer
 * than `maxPauseMs`, after a word that ends a sentence, and wherever the next word would make the
 * segment longer than `maxDurationMs` or `maxChars`. A single word is never split, so one word
 * longer than the limits is a segment of its own. Pure.
 *
 * @example
 * buildSegments(words, { maxPauseMs: 500 });
 * // → [{ startMs: 500, endMs: 2260, text: 'welcome to the podcast', firstWordIndex: 0, endWordIndex: 4 }, …]
 */
export function buildSegments(
  words: readonly TimedText[],
  { maxPauseMs = 500, maxDurationMs = 7000, maxChars = 84 }: BuildSegmentsOptions = {},
): TranscriptSegment[] {
  assertPositive({ maxPauseMs, maxDurationMs, maxChars });
  const segments: TranscriptSegment[] = [];
  let firstWordIndex = 0;
  const close = (endWordIndex: number) => {
    const segmentWords = words.slice(firstWordIndex, endWordIndex);
    const first = segmentWords[0];
    const last = segmentWords.at(-1);
    if (first === undefined || last === undefined) return;
    segments.push({
      startMs: first.startMs,
      endMs: Math.max(first.startMs, last.endMs),
      text: segmentWords.map(({ text }) => text).join(' '),
      firstWordIndex,
      endWordIndex,
    });
    firstWordIndex = endWordIndex;
  };

  words.forEach((word, index) => {
    const previous = words[index - 1];
    const first = words[firstWordIndex];
    if (previous === undefined || first === undefined || index === firstWordIndex) return;
    const textLength = words
      .slice(firstWordIndex, index + 1)
      .reduce((length, { text }, offset) => length + text.length + (offset > 0 ? 1 : 0), 0);
    const breaks =
      word.startMs - previous.endMs > maxPauseMs ||
      SENTENCE_END.test(previous.text) ||
      word.endMs - first.startMs > maxDurationMs ||
      textLength > maxChars;
    if (breaks) close(index);
  });
  close(words.length);
  return segments;
}

function assertPositive(options: Record<string, number>): void {
  for (const [name, value] of Object.entries(options)) {
    if (!Number.isFinite(value) || value <= 0) {
      throw new TypeError(`${name} must be a positive number, got ${value}`);
    }
  }
}
