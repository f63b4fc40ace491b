import type { RenderTimeline, TimelinePiece } from '../src/render-timeline';

const FPS = 30;

/** One piece of a hand-built timeline: a source span, and how it plays. */
export interface HandPiece {
  sourceStartSec: number;
  sourceEndSec: number;
  action?: 'keep' | 'cut';
  speed?: number;
  muted?: boolean;
}

/**
 * A timeline built by hand for tests (buildRenderTimeline is tested on its own): pieces laid end
 * to end, each `transitionSec` earlier than the previous one's end, spans between pieces removed.
 */
export function handBuiltTimeline(
  pieces: readonly HandPiece[],
  { transitionSec = 0, sourceDurationSec = 20 } = {},
): RenderTimeline {
  let outputStartSec = 0;
  const timelinePieces: TimelinePiece[] = pieces.map((piece, segmentIndex) => {
    const speed = piece.speed ?? 1;
    const outputDurationSec = (piece.sourceEndSec - piece.sourceStartSec) / speed;
    const built: TimelinePiece = {
      segmentIndex,
      action: piece.action ?? 'keep',
      sourceStartFrame: Math.round(piece.sourceStartSec * FPS),
      sourceEndFrame: Math.round(piece.sourceEndSec * FPS),
      sourceStartSec: piece.sourceStartSec,
      sourceEndSec: piece.sourceEndSec,
      speed,
      muted: piece.muted ?? false,
      outputStartSec: segmentIndex === 0 ? 0 : outputStartSec - transitionSec,
      outputDurationSec,
    };
    outputStartSec = built.outputStartSec + outputDurationSec;
    return built;
  });
  const removed = pieces.slice(1).flatMap((piece, index) => {
    const before = pieces[index];
    return before !== undefined && before.sourceEndSec < piece.sourceStartSec
      ? [
          {
            segmentIndex: -1,
            sourceStartSec: before.sourceEndSec,
            sourceEndSec: piece.sourceStartSec,
          },
        ]
      : [];
  });
  return {
    mode: pieces.some(({ speed }) => speed !== undefined)
      ? 'speed'
      : pieces.some(({ muted }) => muted)
        ? 'mute'
        : 'cut',
    frameRate: { num: FPS, den: 1 },
    sourceDurationSec,
    pieces: timelinePieces,
    removed,
    ...(transitionSec > 0 ? { transition: { type: 'fade', durationSec: transitionSec } } : {}),
    mainDurationSec: outputStartSec,
  };
}

/** Three cuts: [3, 4), [8, 10), [14, 14.5) removed from a 20 s source (main programme 16.5 s). */
export const threeCutTimeline = handBuiltTimeline([
  { sourceStartSec: 0, sourceEndSec: 3 },
  { sourceStartSec: 4, sourceEndSec: 8 },
  { sourceStartSec: 10, sourceEndSec: 14 },
  { sourceStartSec: 14.5, sourceEndSec: 20 },
]);

/** Seconds removed before a source instant in {@link threeCutTimeline}. */
export function removedBeforeSec(timeline: RenderTimeline, sourceSec: number): number {
  return timeline.removed
    .filter(({ sourceStartSec }) => sourceStartSec < sourceSec)
    .reduce(
      (sum, { sourceStartSec, sourceEndSec }) =>
        sum + Math.min(sourceEndSec, sourceSec) - sourceStartSec,
      0,
    );
}

/** One frame of the hand-built timelines, ms: the tolerance of a frame-snapped time. */
export const FRAME_MS = 1000 / FPS;
