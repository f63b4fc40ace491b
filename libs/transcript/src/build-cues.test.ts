import { describe, expect, it } from 'vitest';
import { buildCues } from './build-cues';
import { buildSegments } from './build-segments';

/** `count` words of 2–11 letters, 280 ms each, 40 ms apart, deterministic. */
function speech(count: number, { startMs = 0 } = {}) {
  return Array.from({ length: count }, (_, index) => ({
    text: 'abcdefghijk'.slice(0, 2 + ((index * 7) % 10)),
    startMs: startMs + index * 320,
    endMs: startMs + index * 320 + 280,
  }));
}

describe('Function: buildCues', () => {
  it('keeps every cue within 2 lines of 42 characters and 7 s, in order, without overlap', () => {
    // Prepare
    const words = speech(200);

    // Act
    const cues = buildCues({ words });

    // Assess
    expect(cues.length).toBeGreaterThan(10);
    cues.forEach((cue, index) => {
      expect(cue.lines.length).toBeGreaterThanOrEqual(1);
      expect(cue.lines.length).toBeLessThanOrEqual(2);
      for (const line of cue.lines) expect(line.length).toBeLessThanOrEqual(42);
      expect(cue.endMs - cue.startMs).toBeLessThanOrEqual(7000);
      expect(cue.endMs).toBeGreaterThan(cue.startMs);
      expect(cue.startMs).toBeGreaterThanOrEqual(cues[index - 1]?.endMs ?? 0);
    });
    expect(cues.flatMap(({ lines }) => lines.join(' ').split(' '))).toEqual(
      words.map(({ text }) => text),
    );
  });

  it('takes cue times from the first and last word', () => {
    // Prepare
    const words = [
      { text: 'welcome', startMs: 510, endMs: 980 },
      { text: 'to', startMs: 1040, endMs: 1130 },
      { text: 'reel', startMs: 1290, endMs: 1530 },
    ];

    // Act
    const cues = buildCues({ words });

    // Assess
    expect(cues).toEqual([{ startMs: 510, endMs: 1530, lines: ['welcome to reel'] }]);
  });

  it('balances two lines', () => {
    // Prepare
    const texts = 'the first thing we do is probe every upload before anything else'.split(' ');
    const words = texts.map((text, index) => ({
      text,
      startMs: index * 300,
      endMs: index * 300 + 250,
    }));

    // Act
    const [cue] = buildCues({ words });

    // Assess
    expect(cue?.lines).toEqual([
      'the first thing we do is probe',
      'every upload before anything else',
    ]);
  });

  it('starts a new cue at each segment', () => {
    // Prepare
    const words = [...speech(3), ...speech(3, { startMs: 5000 })];
    const segments = buildSegments(words, { maxPauseMs: 500 });

    // Act
    const cues = buildCues({ words, segments });

    // Assess
    expect(cues.map(({ startMs }) => startMs)).toEqual([0, 5000]);
  });

  it('puts a word longer than a line on a line of its own, unsplit', () => {
    // Prepare
    const long = 'pneumonoultramicroscopicsilicovolcanoconiosis-and-more';
    const words = [
      { text: 'a', startMs: 0, endMs: 100 },
      { text: long, startMs: 150, endMs: 900 },
      { text: 'b', startMs: 950, endMs: 1000 },
    ];

    // Act
    const cues = buildCues({ words });

    // Assess
    expect(cues.flatMap(({ lines }) => lines)).toContain(long);
    expect(cues.flatMap(({ lines }) => lines.join(' ').split(' '))).toEqual(['a', long, 'b']);
  });

  it('cuts a single word longer than 7 s to 7 s', () => {
    expect(buildCues({ words: [{ text: 'ommmm', startMs: 1000, endMs: 9500 }] })).toEqual([
      { startMs: 1000, endMs: 8000, lines: ['ommmm'] },
    ]);
  });

  it('never starts a cue before the previous one ends, even when words overlap', () => {
    // Prepare
    const words = [
      { text: 'x'.repeat(40), startMs: 0, endMs: 1200 },
      { text: 'y'.repeat(40), startMs: 1000, endMs: 2000 },
      { text: 'z'.repeat(40), startMs: 1100, endMs: 2500 },
    ];

    // Act
    const cues = buildCues({ words });

    // Assess
    expect(cues.map(({ startMs, endMs }) => [startMs, endMs])).toEqual([
      [0, 2000],
      [2000, 2500],
    ]);
  });

  it('writes no cues for no words', () => {
    expect(buildCues({ words: [] })).toEqual([]);
  });
});
