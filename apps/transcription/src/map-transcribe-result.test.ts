import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { mapTranscribeResult } from './map-transcribe-result';

const fixturePath = join(import.meta.dirname, '..', 'tests', 'fixtures', 'transcribe-result.json');

describe('Function: mapTranscribeResult', () => {
  it('maps pronunciations to words with ms times and confidence, punctuation attached', async () => {
    // Prepare
    const document: unknown = JSON.parse(await readFile(fixturePath, 'utf8'));

    // Act
    const words = mapTranscribeResult(document);

    // Assess
    expect(words.map(({ text }) => text).join(' ')).toBe(
      'Welcome to the reel podcast. Um, the first thing is probing every upload. You know, it works?',
    );
    expect(words[0]).toEqual({ text: 'Welcome', startMs: 510, endMs: 980, confidence: 0.999 });
    expect(words[4]).toEqual({ text: 'podcast.', startMs: 1530, endMs: 2240, confidence: 0.993 });
    expect(words[5]).toEqual({ text: 'Um,', startMs: 4160, endMs: 4520, confidence: 0.912 });
    expect(words).toHaveLength(17);
  });

  it('drops punctuation that has no word before it', () => {
    // Act
    const words = mapTranscribeResult({
      results: {
        transcripts: [{ transcript: '. Hi' }],
        items: [
          { type: 'punctuation', alternatives: [{ confidence: '0.0', content: '.' }] },
          {
            type: 'pronunciation',
            start_time: '1.5',
            end_time: '1.75',
            alternatives: [{ confidence: '0.5', content: 'Hi' }],
          },
        ],
      },
    });

    // Assess
    expect(words).toEqual([{ text: 'Hi', startMs: 1500, endMs: 1750, confidence: 0.5 }]);
  });

  it.each([
    ['no results', {}, 'results'],
    [
      'a pronunciation without times',
      {
        results: {
          transcripts: [],
          items: [{ type: 'pronunciation', alternatives: [{ confidence: '1', content: 'a' }] }],
        },
      },
      'results.items.0.start_time',
    ],
    [
      'an item without alternatives',
      { results: { transcripts: [], items: [{ type: 'punctuation', alternatives: [] }] } },
      'results.items.0.alternatives',
    ],
  ])('refuses a document with %s as InternalError naming the field', (_, document, fieldPath) => {
    expect(() => mapTranscribeResult(document)).toThrow(
      expect.objectContaining({ name: 'InternalError', details: { fieldPath } }),
    );
  });
});
