import { describe, expect, it } from 'vitest';
import { transcriptSchema, type Transcript } from './transcript-schema';

const valid: Transcript = {
  schemaVersion: 1,
  provider: 'local-pocketsphinx',
  language: 'en-US',
  durationMs: 3000,
  words: [
    { text: 'um', startMs: 500, endMs: 800, confidence: 0.9, filler: true },
    { text: 'hello', startMs: 900, endMs: 1400, confidence: 0.8, filler: false },
  ],
  segments: [{ startMs: 500, endMs: 1400, text: 'um hello', firstWordIndex: 0, endWordIndex: 2 }],
};

describe('Constant: transcriptSchema', () => {
  it('accepts a consistent transcript', () => {
    expect(transcriptSchema.parse(valid)).toEqual(valid);
  });

  it.each([
    [
      'a word ending before it starts',
      (t: Transcript) => (t.words[1]!.endMs = 800),
      ['words', 1, 'endMs'],
    ],
    [
      'a word past the end of the audio',
      (t: Transcript) => (t.words[1]!.endMs = 3001),
      ['words', 1, 'endMs'],
    ],
    ['words out of order', (t: Transcript) => (t.words[1]!.startMs = 400), ['words', 1, 'startMs']],
    [
      'a segment past the last word',
      (t: Transcript) => (t.segments[0]!.endWordIndex = 3),
      ['segments', 0],
    ],
    ['an empty segment', (t: Transcript) => (t.segments[0]!.firstWordIndex = 2), ['segments', 0]],
  ])('refuses %s, naming the field', (_, breakIt, path) => {
    // Prepare
    const broken = structuredClone(valid);
    breakIt(broken);

    // Act
    const result = transcriptSchema.safeParse(broken);

    // Assess
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => issue.path)).toContainEqual(path);
  });
});
