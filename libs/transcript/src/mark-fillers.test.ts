import { describe, expect, it } from 'vitest';
import { markFillers, normalizeToken } from './mark-fillers';

const words = (sentence: string) => sentence.split(' ').map((text) => ({ text }));
const fillerFlags = (sentence: string) => markFillers(words(sentence)).map(({ filler }) => filler);

describe('Function: markFillers', () => {
  it.each([
    ['um so we start', [true, false, false, false]],
    ['uh er ah hmm mm erm', [true, true, true, true, true, true]],
    ['Um, the first thing', [true, false, false, false]],
    ['well you know it works', [false, true, true, false, false]],
    ['I mean, it works', [true, true, false, false]],
    ['it is, I mean, fine', [false, false, true, true, false]],
    ['umbrella hummus error', [false, false, false]],
    ['did you. Know that', [false, false, false, false]],
    ['do you', [false, false]],
    ['uh-huh', [false]],
  ])('marks %j as %j', (sentence, expected) => {
    // Act
    const flags = fillerFlags(sentence);

    // Assess
    expect(flags).toEqual(expected);
  });

  it('keeps every other field and the order, and does not change its input', () => {
    // Prepare
    const input = [
      { text: 'um', startMs: 0, endMs: 200, confidence: 0.4 },
      { text: 'hello', startMs: 250, endMs: 600, confidence: 0.9 },
    ];
    const copy = structuredClone(input);

    // Act
    const marked = markFillers(input);

    // Assess
    expect(marked).toEqual([
      { text: 'um', startMs: 0, endMs: 200, confidence: 0.4, filler: true },
      { text: 'hello', startMs: 250, endMs: 600, confidence: 0.9, filler: false },
    ]);
    expect(input).toEqual(copy);
  });

  it('recomputes a filler flag the input already had', () => {
    expect(markFillers([{ text: 'hello', filler: true }])).toEqual([
      { text: 'hello', filler: false },
    ]);
  });
});

describe('Function: normalizeToken', () => {
  it.each([
    ['Um,', 'um'],
    ["i'm(2)", "i'm"],
    ['"Know?"', 'know'],
    ['--', ''],
  ])('normalises %j to %j', (token, expected) => {
    expect(normalizeToken(token)).toBe(expected);
  });
});
