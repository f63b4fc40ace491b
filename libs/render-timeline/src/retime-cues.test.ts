import { parseSrt, writeSrt, type SubtitleCue } from '@reel/transcript';
import { describe, expect, it } from 'vitest';
import {
  FRAME_MS,
  handBuiltTimeline,
  removedBeforeSec,
  threeCutTimeline,
} from '../tests/hand-built-timeline';
import { retimeCues } from './retime-cues';

const cue = (startMs: number, endMs: number, text: string): SubtitleCue => ({
  startMs,
  endMs,
  lines: [text],
});

/** Cues that each sit inside one kept piece of {@link threeCutTimeline}. */
const keptCues = [
  cue(200, 1000, 'one'),
  cue(1200, 2400, 'two'),
  cue(4500, 5500, 'three'),
  cue(6000, 7800, 'four'),
  cue(10_500, 11_500, 'five'),
  cue(15_000, 16_000, 'six'),
  cue(18_000, 19_900, 'seven'),
];

describe('Function: retimeCues', () => {
  it('starts every cue at its original start minus the time removed before it (± 1 frame)', () => {
    // Act
    const retimed = retimeCues({ cues: keptCues, timeline: threeCutTimeline });

    // Assess
    expect(retimed.map(({ lines }) => lines[0])).toEqual(keptCues.map(({ lines }) => lines[0]));
    retimed.forEach((placed, index) => {
      const original = keptCues[index] as SubtitleCue;
      const removedMs = removedBeforeSec(threeCutTimeline, original.startMs / 1000) * 1000;
      expect(Math.abs(placed.startMs - (original.startMs - removedMs))).toBeLessThanOrEqual(
        FRAME_MS,
      );
      expect(placed.endMs - placed.startMs).toBe(original.endMs - original.startMs);
    });
  });

  it('drops cues inside removed spans and places none in a removed span', () => {
    // Prepare
    const cues = [
      ...keptCues,
      cue(3100, 3900, 'cut-a'),
      cue(8200, 9500, 'cut-b'),
      cue(14_100, 14_400, 'cut-c'),
    ];
    cues.sort((a, b) => a.startMs - b.startMs);

    // Act
    const retimed = retimeCues({ cues, timeline: threeCutTimeline });

    // Assess: nothing of the cut cues, and every output instant comes from a kept source instant
    expect(retimed.map(({ lines }) => lines[0])).not.toContain('cut-a');
    expect(retimed.flatMap(({ lines }) => lines).filter((line) => line.startsWith('cut'))).toEqual(
      [],
    );
    for (const { startMs, endMs } of retimed) {
      for (const outputMs of [startMs, endMs - 1]) {
        const piece = threeCutTimeline.pieces.find(
          ({ outputStartSec, outputDurationSec }) =>
            outputMs / 1000 >= outputStartSec &&
            outputMs / 1000 < outputStartSec + outputDurationSec,
        );
        expect(piece).toBeDefined();
      }
    }
  });

  it('keeps a cue that spans a join as one cue over it, shorter by the removed time', () => {
    // Prepare: 0.5 s before the cut [3, 4) and 0.6 s after it
    const cues = [cue(2500, 4600, 'across')];

    // Act
    const retimed = retimeCues({ cues, timeline: threeCutTimeline });

    // Assess
    expect(retimed).toEqual([cue(2500, 3600, 'across')]);
  });

  it('trims the part of a cut-into cue that is too short to read', () => {
    // Prepare: 0.2 s before the cut [14, 14.5), 1 s after it
    const cues = [cue(13_800, 15_500, 'tail')];

    // Act
    const retimed = retimeCues({ cues, timeline: threeCutTimeline });

    // Assess: only the part after the join (output 11 s) stays
    expect(retimed).toEqual([cue(11_000, 12_000, 'tail')]);
  });

  it('keeps a cue whose parts are each too short but readable together across the join', () => {
    // Prepare: 0.4 s before the cut [3, 4) and 0.4 s after it
    const retimed = retimeCues({ cues: [cue(2600, 4400, 'both')], timeline: threeCutTimeline });

    // Assess
    expect(retimed).toEqual([cue(2600, 3400, 'both')]);
  });

  it('splits a cue in two when its middle part is dropped', () => {
    // Prepare: pieces [0, 3), [3.5, 3.7), [4.5, 8); the cue spans all three, the middle only 0.2 s
    const timeline = handBuiltTimeline([
      { sourceStartSec: 0, sourceEndSec: 3 },
      { sourceStartSec: 3.5, sourceEndSec: 3.7 },
      { sourceStartSec: 4.5, sourceEndSec: 8 },
    ]);

    // Act
    const retimed = retimeCues({ cues: [cue(2000, 5500, 'split')], timeline });

    // Assess: 2–3 s, then (after the dropped 3–3.2 s part) 3.2–4.2 s
    expect(retimed).toEqual([cue(2000, 3000, 'split'), cue(3200, 4200, 'split')]);
  });

  it('keeps a short cue that plays whole', () => {
    expect(retimeCues({ cues: [cue(5000, 5200, 'ok')], timeline: threeCutTimeline })).toEqual([
      cue(4000, 4200, 'ok'),
    ]);
  });

  it('moves every cue by offsetSec', () => {
    // Act
    const withoutIntro = retimeCues({ cues: keptCues, timeline: threeCutTimeline });
    const withIntro = retimeCues({ cues: keptCues, timeline: threeCutTimeline, offsetSec: 2.5 });

    // Assess
    expect(withIntro).toEqual(
      withoutIntro.map((placed) => ({
        ...placed,
        startMs: placed.startMs + 2500,
        endMs: placed.endMs + 2500,
      })),
    );
  });

  it('scales cues in sped-up pieces and drops them in muted ones', () => {
    // Prepare
    const sped = handBuiltTimeline([
      { sourceStartSec: 0, sourceEndSec: 3 },
      { sourceStartSec: 3, sourceEndSec: 5, action: 'cut', speed: 4 },
      { sourceStartSec: 5, sourceEndSec: 10 },
    ]);
    const muted = handBuiltTimeline([
      { sourceStartSec: 0, sourceEndSec: 3 },
      { sourceStartSec: 3, sourceEndSec: 5, action: 'cut', muted: true },
      { sourceStartSec: 5, sourceEndSec: 10 },
    ]);
    const cues = [cue(3200, 4800, 'inside'), cue(6000, 7000, 'after')];

    // Act & Assess: 3.2 s → 3 + 0.2 / 4; 6 s → 3.5 + 1
    expect(retimeCues({ cues, timeline: sped })).toEqual([
      cue(3050, 3450, 'inside'),
      cue(4500, 5500, 'after'),
    ]);
    expect(retimeCues({ cues, timeline: muted })).toEqual([cue(6000, 7000, 'after')]);
  });

  it('ends a cue where the next starts inside a transition overlap', () => {
    // Prepare: piece 2 starts at output 2.5 s, 0.5 s before piece 1 ends
    const timeline = handBuiltTimeline(
      [
        { sourceStartSec: 0, sourceEndSec: 3 },
        { sourceStartSec: 4, sourceEndSec: 8 },
      ],
      { transitionSec: 0.5 },
    );

    // Act
    const retimed = retimeCues({
      cues: [cue(2000, 2950, 'out'), cue(4050, 5000, 'in')],
      timeline,
    });

    // Assess
    expect(retimed).toEqual([cue(2000, 2550, 'out'), cue(2550, 3500, 'in')]);
  });

  it('writes cues that round-trip through SRT, in order, without overlaps, in whole ms', () => {
    // Prepare
    const cues = [cue(2500, 4600, 'across'), ...keptCues.slice(2), cue(13_800, 15_500, 'tail')];
    cues.sort((a, b) => a.startMs - b.startMs);

    // Act
    const retimed = retimeCues({ cues, timeline: threeCutTimeline, offsetSec: 1.234 });

    // Assess
    expect(parseSrt(writeSrt(retimed))).toEqual(retimed);
    retimed.forEach((placed, index) => {
      expect(Number.isInteger(placed.startMs) && Number.isInteger(placed.endMs)).toBe(true);
      expect(placed.endMs).toBeGreaterThan(placed.startMs);
      const previous = retimed[index - 1];
      if (previous !== undefined) expect(placed.startMs).toBeGreaterThanOrEqual(previous.endMs);
    });
  });
});
