import { createTranscript, transcriptSchema, type RecognizedWord } from '@reel/transcript';
import { describe, expect, it } from 'vitest';
import {
  FRAME_MS,
  handBuiltTimeline,
  removedBeforeSec,
  threeCutTimeline,
} from '../tests/hand-built-timeline';
import { retimeCues } from './retime-cues';
import { retimeTranscript } from './retime-transcript';

/** A word every 0.5 s (0.4 s long) over the 20 s source. */
const recognized: RecognizedWord[] = Array.from({ length: 40 }, (_, index) => ({
  text: index % 8 === 7 ? `w${index}.` : `w${index}`,
  startMs: index * 500,
  endMs: index * 500 + 400,
  confidence: 0.9,
}));
const transcript = createTranscript({
  provider: 'local-pocketsphinx',
  language: 'en-US',
  durationMs: 20_000,
  words: recognized,
});

describe('Function: retimeTranscript', () => {
  it('drops the words in removed spans and shifts the others by the time removed before them', () => {
    // Act
    const edited = retimeTranscript({ transcript, timeline: threeCutTimeline });

    // Assess: the words starting in [3, 4), [8, 10) and [14, 14.5) are gone
    const keptTexts = edited.words.map(({ text }) => text);
    for (const word of transcript.words) {
      const startSec = word.startMs / 1000;
      const isRemoved = threeCutTimeline.removed.some(
        ({ sourceStartSec, sourceEndSec }) => startSec >= sourceStartSec && startSec < sourceEndSec,
      );
      expect(keptTexts.includes(word.text)).toBe(!isRemoved);
    }
    for (const word of edited.words) {
      const original = transcript.words.find(({ text }) => text === word.text);
      const removedMs = removedBeforeSec(threeCutTimeline, (original?.startMs ?? 0) / 1000) * 1000;
      expect(Math.abs(word.startMs - ((original?.startMs ?? 0) - removedMs))).toBeLessThanOrEqual(
        FRAME_MS,
      );
    }
    expect(edited.durationMs).toBe(16_500);
  });

  it('produces a transcript that passes the schema, with segments re-indexed', () => {
    // Act
    const edited = retimeTranscript({ transcript, timeline: threeCutTimeline, offsetSec: 3 });

    // Assess
    expect(transcriptSchema.safeParse(edited).success).toBe(true);
    expect(edited.segments.length).toBeGreaterThan(0);
    for (const segment of edited.segments) {
      const words = edited.words.slice(segment.firstWordIndex, segment.endWordIndex);
      expect(segment.text).toBe(words.map(({ text }) => text).join(' '));
      expect(segment.startMs).toBe(words[0]?.startMs);
    }
    expect(edited.words[0]?.startMs).toBe(3000);
    expect(edited.durationMs).toBe(19_500);
  });

  it('re-times words the same way as cues', () => {
    // Prepare: one cue per word
    const cues = transcript.words.map(({ startMs, endMs, text }) => ({
      startMs,
      endMs,
      lines: [text],
    }));
    const timeline = handBuiltTimeline([
      { sourceStartSec: 0, sourceEndSec: 3 },
      { sourceStartSec: 3, sourceEndSec: 5, action: 'cut', speed: 4 },
      { sourceStartSec: 5, sourceEndSec: 8 },
      { sourceStartSec: 10, sourceEndSec: 20 },
    ]);

    // Act
    const edited = retimeTranscript({ transcript, timeline, offsetSec: 1 });
    const retimed = retimeCues({ cues, timeline, offsetSec: 1, minPartMs: 0 });

    // Assess
    expect(
      edited.words.map(({ startMs, endMs, text }) => ({ startMs, endMs, lines: [text] })),
    ).toEqual(retimed);
    expect(edited.words.find(({ text }) => text === 'w7.')).toMatchObject({
      startMs: 4125,
      endMs: 4225,
    });
  });

  it('keeps a word across a join when at least half of it plays', () => {
    // Prepare: w5 is 2.5–2.9 s; remove 2.8–4 s, so 0.3 of its 0.4 s plays
    const timeline = handBuiltTimeline([
      { sourceStartSec: 0, sourceEndSec: 2.8 },
      { sourceStartSec: 4, sourceEndSec: 20 },
    ]);

    // Act
    const edited = retimeTranscript({ transcript, timeline });

    // Assess
    expect(edited.words.find(({ text }) => text === 'w5')).toMatchObject({
      startMs: 2500,
      endMs: 2800,
    });
    expect(transcriptSchema.safeParse(edited).success).toBe(true);
  });
});
