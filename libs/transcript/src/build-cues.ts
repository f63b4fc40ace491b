import type { TimedText } from './build-segments';

/** One subtitle cue: what the SRT/VTT writers write and their parsers read back. */
export interface SubtitleCue {
  startMs: number;
  endMs: number;
  /** The lines shown together, top first. */
  lines: string[];
}

/** Options of {@link buildCues}. */
export interface BuildCuesOptions {
  /** The words, in time order. */
  words: readonly TimedText[];
  /** Phrases of `words` (see `buildSegments`): a cue never spans two. Default: one phrase. */
  segments?: readonly { firstWordIndex: number; endWordIndex: number }[];
  /** Default 42, the common broadcast and streaming limit. */
  maxLineChars?: number;
  /** Default 2. */
  maxLines?: number;
  /** Default 7000. */
  maxCueMs?: number;
}

/**
 * Lays words out as subtitle cues: each cue holds whole words of one segment, at most `maxLines`
 * lines of at most `maxLineChars` characters (two lines are balanced), and spans at most
 * `maxCueMs`. Cue times are the first word's start and the last word's end; cues never overlap
 * and come in order. A word is never split: a word longer than a line stands alone on its line,
 * and a word longer than `maxCueMs` is its own cue, cut to `maxCueMs`. Pure.
 *
 * @example
 * writeSrt(buildCues({ words: transcript.words, segments: transcript.segments }));
 */
export function buildCues({
  words,
  segments = [{ firstWordIndex: 0, endWordIndex: words.length }],
  maxLineChars = 42,
  maxLines = 2,
  maxCueMs = 7000,
}: BuildCuesOptions): SubtitleCue[] {
  for (const [name, value] of Object.entries({ maxLineChars, maxLines, maxCueMs })) {
    if (!Number.isInteger(value) || value < 1) {
      throw new TypeError(`${name} must be a positive integer, got ${value}`);
    }
  }
  const cues: SubtitleCue[] = [];
  const flush = (cueWords: readonly TimedText[]) => {
    const first = cueWords[0];
    const last = cueWords.at(-1);
    if (first === undefined || last === undefined) return;
    const startMs = Math.max(first.startMs, cues.at(-1)?.endMs ?? 0);
    const endMs = Math.min(Math.max(last.endMs, startMs), startMs + maxCueMs);
    const texts = cueWords.map(cueText);
    cues.push({ startMs, endMs, lines: layoutLines(texts, maxLineChars, maxLines) ?? texts });
  };

  for (const { firstWordIndex, endWordIndex } of segments) {
    let cueWords: TimedText[] = [];
    for (const word of words.slice(firstWordIndex, endWordIndex)) {
      const first = cueWords[0];
      const candidate = [...cueWords, word];
      const fits =
        first === undefined ||
        (word.endMs - first.startMs <= maxCueMs &&
          layoutLines(candidate.map(cueText), maxLineChars, maxLines) !== undefined);
      if (fits) {
        cueWords = candidate;
      } else {
        flush(cueWords);
        cueWords = [word];
      }
    }
    flush(cueWords);
  }
  return cues;
}

/** A word as a cue shows it: a line break or tab inside it would break the cue format. */
function cueText({ text }: TimedText): string {
  return text.replace(/\s+/g, ' ').trim();
}

/**
 * The words as at most `maxLines` lines of at most `maxLineChars`, or `undefined` when they do not
 * fit. A single word always fits (on its own line). Two lines are balanced: the break that makes
 * the longer line shortest, ties going to the shorter top line.
 */
function layoutLines(
  texts: readonly string[],
  maxLineChars: number,
  maxLines: number,
): string[] | undefined {
  const greedy = fillGreedily(texts, maxLineChars);
  if (texts.length === 1) return greedy;
  if (greedy.length > maxLines) return undefined;
  if (greedy.length !== 2) return greedy;
  let best: string[] = greedy;
  for (let breakAt = 1; breakAt < texts.length; breakAt += 1) {
    const top = texts.slice(0, breakAt).join(' ');
    const bottom = texts.slice(breakAt).join(' ');
    if (top.length > maxLineChars || bottom.length > maxLineChars) continue;
    const longest = Math.max(top.length, bottom.length);
    const bestLongest = Math.max(...best.map((line) => line.length));
    const bestTop = best[0]?.length ?? 0;
    if (longest < bestLongest || (longest === bestLongest && top.length < bestTop)) {
      best = [top, bottom];
    }
  }
  return best;
}

function fillGreedily(texts: readonly string[], maxLineChars: number): string[] {
  const lines: string[] = [];
  for (const text of texts) {
    const current = lines.at(-1);
    if (current !== undefined && current.length + 1 + text.length <= maxLineChars) {
      lines[lines.length - 1] = `${current} ${text}`;
    } else {
      lines.push(text);
    }
  }
  return lines;
}
