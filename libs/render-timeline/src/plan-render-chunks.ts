import type { RenderTimeline, TimelinePiece } from './render-timeline';

/** One chunk of a chunked render: a timeline of its own, rendered by the same graph builder. */
export interface RenderChunk {
  index: number;
  /** The chunk's pieces, `outputStartSec` re-based to the chunk's start (0). */
  timeline: RenderTimeline;
  /** Where the chunk starts in the main programme (seconds, intro not counted). */
  outputOffsetSec: number;
  /** Its length: `timeline.mainDurationSec`. */
  durationSec: number;
  /** Whole frames it holds (its duration on the frame grid). */
  frameCount: number;
  /** The first chunk carries the intro, the last the outro. */
  isFirst: boolean;
  isLast: boolean;
}

/** What {@link planRenderChunks} returns. */
export interface RenderChunkPlan {
  chunks: RenderChunk[];
  /** The whole main programme's length: the sum of the chunks' durations. */
  mainDurationSec: number;
}

/** Options of {@link planRenderChunks}. */
export interface PlanRenderChunksOptions {
  timeline: RenderTimeline;
  /** How many chunks to aim for (fewer when there are fewer joins to split at). */
  chunkCount?: number;
  /** Alternatively: the longest a chunk should be; `ceil(main / max)` chunks. */
  maxChunkOutputSec?: number;
}

/**
 * Splits a render timeline into chunks of roughly equal output length, each a timeline of its own
 * that `buildRenderGraph` renders as one encode (so each starts on a keyframe). Splits fall at
 * joins between pieces (kept segments), the join nearest each `k × main / n`. Over a transition
 * the earlier chunk renders it: it ends with the cross-fade into the first `ceil(d × fps)` frames
 * of the next piece, and the later chunk starts that piece as many frames in (a join whose next
 * piece is too short for that is not used). A short timeline, or no count/limit, gives one chunk.
 * The chunks' durations sum to `mainDurationSec`, their frame counts to the one-pass frame count.
 * Pure.
 *
 * @example
 * const { chunks } = planRenderChunks({ timeline, maxChunkOutputSec: 600 });
 * // chunks[1].timeline.pieces[0].outputStartSec → 0; chunks[1].outputOffsetSec → 598.4
 */
export function planRenderChunks({
  timeline,
  chunkCount,
  maxChunkOutputSec,
}: PlanRenderChunksOptions): RenderChunkPlan {
  const wanted = wantedChunkCount(timeline.mainDurationSec, chunkCount, maxChunkOutputSec);
  const fps = timeline.frameRate.num / timeline.frameRate.den;
  const headFrames =
    timeline.transition === undefined ? 0 : Math.ceil(timeline.transition.durationSec * fps - 1e-6);
  const starts = chunkStartPieces(timeline, wanted, headFrames / fps);
  const boundariesSec = [
    ...starts.map((pieceIndex) => boundarySec(timeline, pieceIndex, headFrames / fps)),
    timeline.mainDurationSec,
  ];
  const chunks = starts.map((firstPiece, index): RenderChunk => {
    const nextStart = starts[index + 1];
    const lastPiece = nextStart === undefined ? timeline.pieces.length - 1 : nextStart;
    const outputOffsetSec = boundariesSec[index] ?? 0;
    const durationSec = (boundariesSec[index + 1] ?? 0) - outputOffsetSec;
    const pieces = timeline.pieces.slice(firstPiece, lastPiece + 1).map((piece, position) => {
      const isHeadOfNext = nextStart !== undefined && firstPiece + position === nextStart;
      const isTrimmedFirst = index > 0 && position === 0 && headFrames > 0;
      if (isHeadOfNext) return headOf(piece, headFrames, fps, outputOffsetSec);
      if (isTrimmedFirst) return withoutHead(piece, headFrames, fps);
      return { ...piece, outputStartSec: piece.outputStartSec - outputOffsetSec };
    });
    // Hard cuts: the next chunk's first piece is not part of this one.
    const chunkPieces = headFrames === 0 && nextStart !== undefined ? pieces.slice(0, -1) : pieces;
    return {
      index,
      timeline: { ...timeline, pieces: chunkPieces, mainDurationSec: durationSec },
      outputOffsetSec,
      durationSec,
      frameCount: Math.round(durationSec * fps),
      isFirst: index === 0,
      isLast: nextStart === undefined,
    };
  });
  return { chunks, mainDurationSec: timeline.mainDurationSec };
}

function wantedChunkCount(
  mainDurationSec: number,
  chunkCount: number | undefined,
  maxChunkOutputSec: number | undefined,
): number {
  if (chunkCount !== undefined && (!Number.isInteger(chunkCount) || chunkCount < 1)) {
    throw new TypeError(`chunkCount must be a positive integer, got ${chunkCount}`);
  }
  if (
    maxChunkOutputSec !== undefined &&
    (!Number.isFinite(maxChunkOutputSec) || maxChunkOutputSec <= 0)
  ) {
    throw new TypeError(`maxChunkOutputSec must be a positive number, got ${maxChunkOutputSec}`);
  }
  const byLength =
    maxChunkOutputSec === undefined ? 1 : Math.ceil(mainDurationSec / maxChunkOutputSec - 1e-9);
  return Math.max(1, chunkCount ?? byLength);
}

/** Where a chunk starting at piece `pieceIndex` starts in the main programme. */
function boundarySec(timeline: RenderTimeline, pieceIndex: number, headSec: number): number {
  if (pieceIndex === 0) return 0;
  return (timeline.pieces[pieceIndex]?.outputStartSec ?? 0) + headSec;
}

/** The first piece of each chunk: 0, then the usable join nearest each equal share. */
function chunkStartPieces(timeline: RenderTimeline, wanted: number, headSec: number): number[] {
  const { pieces, transition } = timeline;
  const usable = pieces.flatMap((piece, index) => {
    if (index === 0) return [];
    const isLast = index === pieces.length - 1;
    // The later chunk starts this piece headSec in; its own transition out still needs room.
    const room = piece.outputDurationSec - headSec - (isLast ? 0 : (transition?.durationSec ?? 0));
    return room >= -1e-9 ? [index] : [];
  });
  const count = Math.min(wanted, usable.length + 1);
  const starts = [0];
  for (let share = 1; share < count; share += 1) {
    const targetSec = (share * timeline.mainDurationSec) / count;
    const previous = starts.at(-1) ?? 0;
    const remainingShares = count - share - 1;
    const candidates = usable.filter((index) => index > previous);
    const choosable = candidates.slice(0, Math.max(0, candidates.length - remainingShares));
    let best: number | undefined;
    for (const index of choosable) {
      const distance = Math.abs(boundarySec(timeline, index, headSec) - targetSec);
      if (
        best === undefined ||
        distance < Math.abs(boundarySec(timeline, best, headSec) - targetSec)
      ) {
        best = index;
      }
    }
    if (best === undefined) break;
    starts.push(best);
  }
  return starts;
}

/** The first `frames` of a piece, placed in the chunk that renders the transition into it. */
function headOf(
  piece: TimelinePiece,
  frames: number,
  fps: number,
  chunkOffsetSec: number,
): TimelinePiece {
  return {
    ...piece,
    sourceEndFrame: piece.sourceStartFrame + frames,
    sourceEndSec: (piece.sourceStartFrame + frames) / fps,
    outputStartSec: piece.outputStartSec - chunkOffsetSec,
    outputDurationSec: frames / fps,
  };
}

/** The rest of a piece whose first `frames` the previous chunk rendered. */
function withoutHead(piece: TimelinePiece, frames: number, fps: number): TimelinePiece {
  return {
    ...piece,
    sourceStartFrame: piece.sourceStartFrame + frames,
    sourceStartSec: (piece.sourceStartFrame + frames) / fps,
    outputStartSec: 0,
    outputDurationSec: piece.outputDurationSec - frames / fps,
  };
}
