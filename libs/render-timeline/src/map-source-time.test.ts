import { describe, expect, it } from 'vitest';
import { handBuiltTimeline, threeCutTimeline } from '../tests/hand-built-timeline';
import { mapSourceSpanToOutput, mapSourceTimeToOutput } from './map-source-time';

describe('Function: mapSourceTimeToOutput', () => {
  it('shifts a kept instant by the time removed before it', () => {
    // Act & Assess
    expect(mapSourceTimeToOutput(threeCutTimeline, 1)).toBe(1);
    expect(mapSourceTimeToOutput(threeCutTimeline, 4.5)).toBeCloseTo(3.5, 9);
    expect(mapSourceTimeToOutput(threeCutTimeline, 12)).toBeCloseTo(9, 9);
    expect(mapSourceTimeToOutput(threeCutTimeline, 20)).toBeCloseTo(16.5, 9);
  });

  it('returns undefined inside a removed span and past the end', () => {
    expect(mapSourceTimeToOutput(threeCutTimeline, 3.5)).toBeUndefined();
    expect(mapSourceTimeToOutput(threeCutTimeline, 9)).toBeUndefined();
    expect(mapSourceTimeToOutput(threeCutTimeline, 20.1)).toBeUndefined();
  });

  it('scales time by 1 / speed inside a sped-up piece', () => {
    // Prepare
    const timeline = handBuiltTimeline([
      { sourceStartSec: 0, sourceEndSec: 3 },
      { sourceStartSec: 3, sourceEndSec: 5, action: 'cut', speed: 4 },
      { sourceStartSec: 5, sourceEndSec: 10 },
    ]);

    // Act & Assess
    expect(mapSourceTimeToOutput(timeline, 4)).toBeCloseTo(3.25, 9);
    expect(mapSourceTimeToOutput(timeline, 6)).toBeCloseTo(4.5, 9);
  });

  it('maps an instant inside a transition overlap into its own piece', () => {
    // Prepare: the second piece starts 0.5 s before the first ends
    const timeline = handBuiltTimeline(
      [
        { sourceStartSec: 0, sourceEndSec: 3 },
        { sourceStartSec: 4, sourceEndSec: 8 },
      ],
      { transitionSec: 0.5 },
    );

    // Act & Assess: the outgoing tail and the incoming head share output time 2.5–3
    expect(mapSourceTimeToOutput(timeline, 2.8)).toBeCloseTo(2.8, 9);
    expect(mapSourceTimeToOutput(timeline, 4.2)).toBeCloseTo(2.7, 9);
  });
});

describe('Function: mapSourceSpanToOutput', () => {
  it('cuts a span at the pieces it overlaps', () => {
    // Act
    const spans = mapSourceSpanToOutput(threeCutTimeline, 2.5, 4.5);

    // Assess
    expect(spans.map(({ outputStartSec, outputEndSec }) => [outputStartSec, outputEndSec])).toEqual(
      [
        [2.5, 3],
        [3, 3.5],
      ],
    );
  });
});
