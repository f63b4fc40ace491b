import { describe, expect, it } from 'vitest';
import { buildSegments } from './build-segments';

/** Words of `durationMs` each, `gapMs` apart unless a gap is given after a word. */
function timedWords(
  texts: string[],
  { durationMs = 300, gapMs = 50, gapsAfter = {} as Record<number, number> } = {},
) {
  let cursorMs = 0;
  return texts.map((text, index) => {
    const word = { text, startMs: cursorMs, endMs: cursorMs + durationMs };
    cursorMs = word.endMs + (gapsAfter[index] ?? gapMs);
    return word;
  });
}

describe('Function: buildSegments', () => {
  it('splits at a pause longer than maxPauseMs', () => {
    // Prepare
    const words = timedWords(['welcome', 'to', 'reel', 'today', 'we', 'talk'], {
      gapsAfter: { 2: 1500 },
    });

    // Act
    const segments = buildSegments(words, { maxPauseMs: 500 });

    // Assess
    expect(segments).toEqual([
      { startMs: 0, endMs: 1000, text: 'welcome to reel', firstWordIndex: 0, endWordIndex: 3 },
      { startMs: 2500, endMs: 3500, text: 'today we talk', firstWordIndex: 3, endWordIndex: 6 },
    ]);
  });

  it('keeps words together across a pause of exactly maxPauseMs', () => {
    const words = timedWords(['a', 'b'], { gapsAfter: { 0: 500 } });
    expect(buildSegments(words, { maxPauseMs: 500 })).toHaveLength(1);
  });

  it('splits after a word that ends a sentence', () => {
    // Act
    const segments = buildSegments(timedWords(['Hello.', 'How', 'are', 'you?', 'Fine']));

    // Assess
    expect(segments.map(({ text }) => text)).toEqual(['Hello.', 'How are you?', 'Fine']);
  });

  it('never makes a segment longer than maxDurationMs or maxChars', () => {
    // Prepare
    const words = timedWords(
      Array.from({ length: 60 }, (_, index) => `word${index}`),
      { durationMs: 250, gapMs: 10 },
    );

    // Act
    const segments = buildSegments(words, { maxDurationMs: 3000, maxChars: 40 });

    // Assess
    expect(segments.length).toBeGreaterThan(1);
    for (const segment of segments) {
      expect(segment.endMs - segment.startMs).toBeLessThanOrEqual(3000);
      expect(segment.text.length).toBeLessThanOrEqual(40);
    }
    expect(segments.map(({ text }) => text).join(' ')).toBe(
      words.map(({ text }) => text).join(' '),
    );
    segments.forEach((segment, index) =>
      expect(segment.firstWordIndex).toBe(segments[index - 1]?.endWordIndex ?? 0),
    );
    expect(segments.at(-1)?.endWordIndex).toBe(words.length);
  });

  it('gives a word longer than the limits a segment of its own', () => {
    // Prepare
    const words = [
      { text: 'a', startMs: 0, endMs: 100 },
      { text: 'x'.repeat(100), startMs: 150, endMs: 9000 },
      { text: 'b', startMs: 9050, endMs: 9100 },
    ];

    // Act
    const segments = buildSegments(words);

    // Assess
    expect(
      segments.map(({ firstWordIndex, endWordIndex }) => [firstWordIndex, endWordIndex]),
    ).toEqual([
      [0, 1],
      [1, 2],
      [2, 3],
    ]);
  });

  it('returns no segments for no words', () => {
    expect(buildSegments([])).toEqual([]);
  });

  it('refuses a non-positive maxPauseMs with a TypeError', () => {
    expect(() => buildSegments([], { maxPauseMs: 0 })).toThrow(/maxPauseMs must be a positive/);
  });
});
