import { renderOptionsSchema, type RenderOptionsInput } from '@reel/media-types';
import { describe, expect, it } from 'vitest';
import { buildRenderTimeline } from './build-render-timeline';
import { cuesForChunk } from './chunk-cues';
import { planRenderChunks, type RenderChunk } from './plan-render-chunks';
import type { RenderTimeline } from './render-timeline';

type Segment = { startMs: number; endMs: number; action: 'keep' | 'cut' };
const keep = (startMs: number, endMs: number): Segment => ({ startMs, endMs, action: 'keep' });
const cut = (startMs: number, endMs: number): Segment => ({ startMs, endMs, action: 'cut' });

/** 60 s at 25 fps: ten kept spans of 5 s with 1 s cuts between them. */
const SEGMENTS = Array.from({ length: 10 }, (_, index) => [
  keep(index * 6000, index * 6000 + 5000),
  cut(index * 6000 + 5000, index * 6000 + 6000),
]).flat();

function timelineOf(options: RenderOptionsInput = {}, mode: 'cut' | 'speed' = 'cut') {
  return buildRenderTimeline({
    plan: { mode, segments: SEGMENTS },
    frameRate: { num: 25, den: 1 },
    sourceDurationSec: 60,
    options: renderOptionsSchema.parse(options),
  });
}

/** The source frames a timeline plays, in order (transitions: the frames each piece contributes). */
function sourceFrames(timeline: RenderTimeline): number[] {
  return timeline.pieces.flatMap((piece) =>
    Array.from(
      { length: piece.sourceEndFrame - piece.sourceStartFrame },
      (_, index) => piece.sourceStartFrame + index,
    ),
  );
}

function sum(chunks: RenderChunk[], of: (chunk: RenderChunk) => number): number {
  return chunks.reduce((total, chunk) => total + of(chunk), 0);
}

describe('Function: planRenderChunks', () => {
  it('gives one chunk, the timeline itself, when no count or limit asks for more', () => {
    const timeline = timelineOf();
    const { chunks } = planRenderChunks({ timeline });
    expect(chunks).toHaveLength(1);
    expect(chunks[0]?.timeline.pieces).toEqual(timeline.pieces);
    expect(chunks[0]).toMatchObject({ outputOffsetSec: 0, isFirst: true, isLast: true });
    expect(chunks[0]?.frameCount).toBe(1250);
  });

  it('splits hard cuts at the joins nearest equal shares, every frame in exactly one chunk', () => {
    const timeline = timelineOf();
    const { chunks, mainDurationSec } = planRenderChunks({ timeline, chunkCount: 3 });
    expect(chunks.map((chunk) => chunk.timeline.pieces.length)).toEqual([3, 4, 3]);
    expect(chunks.map((chunk) => chunk.outputOffsetSec)).toEqual([0, 15, 35]);
    expect(sum(chunks, (chunk) => chunk.durationSec)).toBeCloseTo(mainDurationSec, 9);
    expect(sum(chunks, (chunk) => chunk.frameCount)).toBe(1250);
    expect(chunks.flatMap((chunk) => sourceFrames(chunk.timeline))).toEqual(sourceFrames(timeline));
    for (const chunk of chunks) {
      expect(chunk.timeline.pieces[0]?.outputStartSec).toBe(0);
      expect(chunk.timeline.mainDurationSec).toBeCloseTo(chunk.durationSec, 9);
    }
    expect(chunks.map((chunk) => [chunk.isFirst, chunk.isLast])).toEqual([
      [true, false],
      [false, false],
      [false, true],
    ]);
  });

  it('derives the count from the longest chunk allowed', () => {
    const { chunks } = planRenderChunks({ timeline: timelineOf(), maxChunkOutputSec: 20 });
    expect(chunks).toHaveLength(3);
    expect(Math.max(...chunks.map((chunk) => chunk.durationSec))).toBeLessThanOrEqual(20);
  });

  it('never makes more chunks than there are pieces', () => {
    const { chunks } = planRenderChunks({ timeline: timelineOf(), chunkCount: 40 });
    expect(chunks).toHaveLength(10);
    expect(sum(chunks, (chunk) => chunk.frameCount)).toBe(1250);
  });

  it('renders a transition across a join in the earlier chunk and starts the later one after it', () => {
    // Prepare: 400 ms cross-fades, 10 frames at 25 fps
    const timeline = timelineOf({ transition: { type: 'fade', durationMs: 400 } });
    // Act
    const { chunks, mainDurationSec } = planRenderChunks({ timeline, chunkCount: 2 });
    // Assess: the first chunk ends with the fade into the first 10 frames of the next piece
    const [first, second] = chunks;
    const joinPiece = timeline.pieces[5];
    expect(first?.timeline.pieces.at(-1)).toMatchObject({
      sourceStartFrame: joinPiece?.sourceStartFrame,
      sourceEndFrame: (joinPiece?.sourceStartFrame ?? 0) + 10,
    });
    expect(first?.timeline.pieces.at(-1)?.outputDurationSec).toBeCloseTo(0.4, 9);
    expect(second?.timeline.pieces[0]).toMatchObject({
      sourceStartFrame: (joinPiece?.sourceStartFrame ?? 0) + 10,
      sourceEndFrame: joinPiece?.sourceEndFrame,
      outputStartSec: 0,
    });
    expect(second?.outputOffsetSec).toBeCloseTo((joinPiece?.outputStartSec ?? 0) + 0.4, 9);
    // Each chunk's own length is its pieces minus its own transitions; together the whole.
    for (const chunk of chunks) {
      const pieces = chunk.timeline.pieces;
      const ownSec = sum([chunk], () =>
        pieces.reduce((total, piece) => total + piece.outputDurationSec, 0),
      );
      expect(ownSec - (pieces.length - 1) * 0.4).toBeCloseTo(chunk.durationSec, 9);
      pieces.slice(1).forEach((piece, index) => {
        const previous = pieces[index];
        expect(piece.outputStartSec).toBeCloseTo(
          (previous?.outputStartSec ?? 0) + (previous?.outputDurationSec ?? 0) - 0.4,
          9,
        );
      });
    }
    expect(sum(chunks, (chunk) => chunk.durationSec)).toBeCloseTo(mainDurationSec, 9);
    expect(sum(chunks, (chunk) => chunk.frameCount)).toBe(Math.round(mainDurationSec * 25));
  });

  it('rejects a chunk count or limit that is not positive', () => {
    expect(() => planRenderChunks({ timeline: timelineOf(), chunkCount: 0 })).toThrow(TypeError);
    expect(() => planRenderChunks({ timeline: timelineOf(), maxChunkOutputSec: -1 })).toThrow(
      TypeError,
    );
  });
});

describe('Function: cuesForChunk', () => {
  const cues = [
    { startMs: 1000, endMs: 3000, lines: ['intro words'] },
    { startMs: 16_000, endMs: 18_000, lines: ['across the join'] },
    { startMs: 40_000, endMs: 41_000, lines: ['late'] },
  ];
  const chunks = planRenderChunks({ timeline: timelineOf(), chunkCount: 3 }).chunks;

  it('moves the render cues onto each chunk clock, split at the joins', () => {
    // Prepare: a 2 s intro plays in the first chunk; the second chunk starts at 2 + 15 s
    const perChunk = chunks.map((chunk) => cuesForChunk({ cues, chunk, introSec: 2 }));
    expect(perChunk).toEqual([
      [
        { startMs: 1000, endMs: 3000, lines: ['intro words'] },
        { startMs: 16_000, endMs: 17_000, lines: ['across the join'] },
      ],
      [{ startMs: 0, endMs: 1000, lines: ['across the join'] }],
      [{ startMs: 3000, endMs: 4000, lines: ['late'] }],
    ]);
  });
});
