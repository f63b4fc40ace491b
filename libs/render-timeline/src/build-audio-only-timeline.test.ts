import { InvalidRequestError } from '@reel/error-taxonomy';
import { renderOptionsSchema } from '@reel/media-types';
import { describe, expect, it } from 'vitest';
import { AUDIO_ONLY_FRAME_RATE, buildAudioOnlyTimeline } from './build-audio-only-timeline';

type Segment = { startMs: number; endMs: number; action: 'keep' | 'cut' };
const keep = (startMs: number, endMs: number): Segment => ({ startMs, endMs, action: 'keep' });
const cut = (startMs: number, endMs: number): Segment => ({ startMs, endMs, action: 'cut' });
const options = renderOptionsSchema.parse({});

describe('Function: buildAudioOnlyTimeline', () => {
  it('snaps cut points to the 5 ms grid, within 2.5 ms of the plan', () => {
    // Prepare: 1234 ms → 1235 ms, 2871 ms → 2870 ms
    const segments = [keep(0, 1234), cut(1234, 2871), keep(2871, 4000)];

    // Act
    const timeline = buildAudioOnlyTimeline({
      plan: { mode: 'cut', segments },
      sourceDurationSec: 4,
      options,
    });

    // Assess
    expect(timeline.frameRate).toEqual({ num: 200, den: 1 });
    expect(timeline.pieces.map((piece) => [piece.sourceStartSec, piece.sourceEndSec])).toEqual([
      [0, 1.235],
      [2.87, 4],
    ]);
    expect(timeline.mainDurationSec).toBeCloseTo(1.235 + 1.13, 9);
    expect(timeline.removed).toEqual([
      expect.objectContaining({ sourceStartSec: 1.235, sourceEndSec: 2.87 }),
    ]);
  });

  it('keeps its grid constant for every caller', () => {
    expect(Object.isFrozen(AUDIO_ONLY_FRAME_RATE)).toBe(true);
  });

  it('rejects a plan past the end of the sound as the video timeline does', () => {
    expect(() =>
      buildAudioOnlyTimeline({
        plan: { mode: 'cut', segments: [keep(0, 1000), cut(1000, 5000)] },
        sourceDurationSec: 4,
        options,
      }),
    ).toThrow(InvalidRequestError);
  });
});
