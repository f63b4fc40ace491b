import { InvalidRequestError } from '@reel/error-taxonomy';
import { renderOptionsSchema, type RenderOptionsInput } from '@reel/media-types';
import { describe, expect, it } from 'vitest';
import { buildRenderTimeline } from './build-render-timeline';

type Segment = { startMs: number; endMs: number; action: 'keep' | 'cut' };

function timeline(
  segments: Segment[],
  {
    fps = { num: 25, den: 1 },
    sourceDurationSec = (segments.at(-1)?.endMs ?? 0) / 1000,
    soundDurationSec = undefined as number | undefined,
    mode = 'cut' as 'cut' | 'mute' | 'speed',
    options = {} as RenderOptionsInput,
  } = {},
) {
  return buildRenderTimeline({
    plan: { mode, segments },
    frameRate: fps,
    sourceDurationSec,
    ...(soundDurationSec === undefined ? {} : { soundDurationSec }),
    options: renderOptionsSchema.parse(options),
  });
}

const keep = (startMs: number, endMs: number): Segment => ({ startMs, endMs, action: 'keep' });
const cut = (startMs: number, endMs: number): Segment => ({ startMs, endMs, action: 'cut' });

describe('Function: buildRenderTimeline', () => {
  it('snaps every cut point to the nearest frame and sums the kept frames', () => {
    // Prepare: 25 fps, frames of 40 ms; 1019 ms → frame 25 (1000 ms), 2031 → 51
    const segments = [keep(0, 1019), cut(1019, 2031), keep(2031, 4000)];
    // Act
    const result = timeline(segments);
    // Assess
    expect(result.pieces.map((piece) => [piece.sourceStartFrame, piece.sourceEndFrame])).toEqual([
      [0, 25],
      [51, 100],
    ]);
    expect(result.pieces[1]?.outputStartSec).toBeCloseTo(1, 9);
    expect(result.mainDurationSec).toBeCloseTo(74 / 25, 9);
    expect(result.removed).toEqual([{ segmentIndex: 1, sourceStartSec: 1, sourceEndSec: 2.04 }]);
  });

  it('uses the 29.97 fps grid (30000/1001)', () => {
    const result = timeline([keep(0, 1000), cut(1000, 2000), keep(2000, 3003)], {
      fps: { num: 30000, den: 1001 },
    });
    // 1 s = 29.97 frames → 30; 2 s → 60; 3.003 s → 90 (the end)
    expect(result.pieces.map((piece) => [piece.sourceStartFrame, piece.sourceEndFrame])).toEqual([
      [0, 30],
      [60, 90],
    ]);
    expect(result.pieces[1]?.sourceStartSec).toBeCloseTo((60 * 1001) / 30000, 12);
    expect(result.mainDurationSec).toBeCloseTo((60 * 1001) / 30000, 12);
  });

  it('merges adjacent keeps and drops a cut that snaps to no frame', () => {
    const result = timeline([keep(0, 1000), cut(1000, 1010), keep(1010, 2000), keep(2000, 3000)]);
    expect(result.pieces).toHaveLength(1);
    expect(result.pieces[0]).toMatchObject({ sourceStartFrame: 0, sourceEndFrame: 75 });
    expect(result.removed).toEqual([]);
  });

  it('keeps every segment in mute mode, the cut ones muted', () => {
    const result = timeline([keep(0, 1000), cut(1000, 2000), keep(2000, 3000)], { mode: 'mute' });
    expect(result.pieces.map((piece) => piece.muted)).toEqual([false, true, false]);
    expect(result.mainDurationSec).toBeCloseTo(3, 9);
  });

  it('plays cut spans faster in speed mode, in whole frames, with the floor', () => {
    const result = timeline(
      [keep(0, 1000), cut(1000, 5000), keep(5000, 6000), cut(6000, 7000), keep(7000, 8000)],
      {
        options: { mode: 'speed', speed: { factor: 4, minSpanMs: 500 } },
      },
    );
    // 4 s at 4× → 1 s; 1 s at 4× → 0.25 s, raised to the 0.5 s floor (12.5 frames → 13)
    expect(result.pieces.map((piece) => piece.outputDurationSec)).toEqual([1, 1, 1, 0.52, 1]);
    expect(result.pieces[3]?.speed).toBeCloseTo(25 / 13, 12);
    expect(result.mode).toBe('speed');
    expect(result.mainDurationSec).toBeCloseTo(4.52, 9);
  });

  it('overlaps each join by the transition', () => {
    const result = timeline(
      [keep(0, 2000), cut(2000, 3000), keep(3000, 5000), cut(5000, 6000), keep(6000, 8000)],
      {
        options: { transition: { type: 'fade', durationMs: 500 } },
      },
    );
    expect(result.transition).toEqual({ type: 'fade', durationSec: 0.5 });
    expect(result.pieces.map((piece) => piece.outputStartSec)).toEqual([0, 1.5, 3]);
    expect(result.mainDurationSec).toBeCloseTo(6 - 2 * 0.5, 9);
  });

  it.each([
    ['a gap', [keep(0, 1000), keep(1200, 3000)]],
    ['an overlap', [keep(0, 1000), cut(900, 3000)]],
    ['a segment past the end', [keep(0, 1000), cut(1000, 3100)]],
    ['a plan that stops short of the end', [keep(0, 1000), cut(1000, 2500)]],
    ['nothing kept', [cut(0, 3000)]],
    ['a plan that does not start at 0', [keep(100, 3000)]],
  ])('refuses %s with an InvalidRequestError', (_name, segments) => {
    expect(() => timeline(segments, { sourceDurationSec: 3 })).toThrow(InvalidRequestError);
  });

  it.each([
    [
      'an overlap',
      [keep(0, 1000), keep(1000, 2000), cut(1900, 3000)],
      'Segments #2 and #3 overlap',
    ],
    [
      'a reversed segment',
      [keep(0, 1000), keep(1000, 2000), cut(2000, 1500), keep(1500, 3000)],
      'Segment #3 ends (1500 ms) before it starts (2000 ms)',
    ],
  ])('numbers the segments of %s from 1, as reel plan lists them', (_name, segments, message) => {
    const act = () => timeline(segments, { sourceDurationSec: 3 });
    expect(act).toThrow(`${message}`);
    expect(act).toThrow('(segments numbered from 1, as `reel plan` lists them)');
  });

  it('refuses a transition longer than a kept span allows, with advice', () => {
    const act = () =>
      timeline(
        [keep(0, 2000), cut(2000, 3000), keep(3000, 3600), cut(3600, 4000), keep(4000, 6000)],
        {
          options: { transition: { type: 'fade', durationMs: 400 } },
        },
      );
    expect(act).toThrow(InvalidRequestError);
    expect(act).toThrow(/Kept span #2 of the render .* shorter than its 2 transition/);
  });

  it('accepts a plan ending within one frame of the source end', () => {
    const result = timeline([keep(0, 3030)], { sourceDurationSec: 3 });
    expect(result.pieces[0]?.sourceEndFrame).toBe(75);
  });

  it('accepts a plan ending where the sound ends, the picture’s tail joining its last segment', () => {
    // Prepare: 10.967 s of picture, 10.913 s of sound (a plan made from the extracted audio)
    const segments = [keep(0, 4000), cut(4000, 5000), keep(5000, 10_913)];

    // Act
    const result = timeline(segments, { sourceDurationSec: 10.967, soundDurationSec: 10.913 });
    const endingInCut = timeline([keep(0, 9000), cut(9000, 10_913)], {
      sourceDurationSec: 10.967,
      soundDurationSec: 10.913,
    });

    // Assess: 10.967 s at 25 fps is 274 frames
    expect(result.pieces.at(-1)?.sourceEndFrame).toBe(274);
    expect(result.mainDurationSec).toBeCloseTo((274 - 25) / 25, 9);
    expect(endingInCut.pieces.map((piece) => piece.sourceEndFrame)).toEqual([225]);
    expect(endingInCut.removed.at(-1)).toMatchObject({ sourceEndSec: 274 / 25 });
  });

  it('still refuses a plan that ends short of the sound too, naming both lengths', () => {
    // Act
    const act = () =>
      timeline([keep(0, 4000), cut(4000, 10_000)], {
        sourceDurationSec: 10.967,
        soundDurationSec: 10.913,
      });

    // Assess
    expect(act).toThrow(InvalidRequestError);
    expect(act).toThrow(
      'The cut plan ends at 10000 ms but the source lasts 10967 ms (its sound 10913 ms): the rest is not covered',
    );
  });
});
