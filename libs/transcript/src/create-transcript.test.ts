import { describe, expect, it } from 'vitest';
import { createTranscript } from './create-transcript';

describe('Function: createTranscript', () => {
  it('rounds, clamps and sorts words, marks fillers and builds segments', () => {
    // Prepare
    const words = [
      { text: 'thing', startMs: 4860.4, endMs: 5150.6, confidence: 0.2 },
      { text: 'um', startMs: 4160, endMs: 4520, confidence: 1.3 },
      { text: ' ', startMs: 4600, endMs: 4700, confidence: 1 },
      { text: 'welcome', startMs: -20, endMs: 980, confidence: 0.5 },
      { text: 'bye', startMs: 9800, endMs: 10_400, confidence: Number.NaN },
    ];

    // Act
    const transcript = createTranscript({
      provider: 'local-pocketsphinx',
      language: 'en-US',
      durationMs: 10_000,
      words,
    });

    // Assess
    expect(transcript).toEqual({
      schemaVersion: 1,
      provider: 'local-pocketsphinx',
      language: 'en-US',
      durationMs: 10_000,
      words: [
        { text: 'welcome', startMs: 0, endMs: 980, confidence: 0.5, filler: false },
        { text: 'um', startMs: 4160, endMs: 4520, confidence: 1, filler: true },
        { text: 'thing', startMs: 4860, endMs: 5151, confidence: 0.2, filler: false },
        { text: 'bye', startMs: 9800, endMs: 10_000, confidence: 0, filler: false },
      ],
      segments: [
        { startMs: 0, endMs: 980, text: 'welcome', firstWordIndex: 0, endWordIndex: 1 },
        { startMs: 4160, endMs: 5151, text: 'um thing', firstWordIndex: 1, endWordIndex: 3 },
        { startMs: 9800, endMs: 10_000, text: 'bye', firstWordIndex: 3, endWordIndex: 4 },
      ],
    });
  });

  it('passes segment options on', () => {
    // Prepare
    const words = [
      { text: 'a', startMs: 0, endMs: 100, confidence: 1 },
      { text: 'b', startMs: 400, endMs: 500, confidence: 1 },
    ];

    // Act
    const transcript = createTranscript({
      provider: 'aws-transcribe',
      language: 'en-US',
      durationMs: 1000,
      words,
      segments: { maxPauseMs: 200 },
    });

    // Assess
    expect(transcript.segments).toHaveLength(2);
  });
});
