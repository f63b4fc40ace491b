import type { RenderTimeline, TimelinePiece } from './render-timeline';

/** A stretch of the main programme, seconds, and the piece it plays in. */
export interface OutputSpan {
  piece: TimelinePiece;
  outputStartSec: number;
  outputEndSec: number;
}

/**
 * Where a source instant plays in the main programme (seconds from its start, intro not counted),
 * or `undefined` when the instant is in no piece (a removed span, or past the end). A source
 * instant belongs to exactly one piece, so an instant inside a transition's overlap maps into its
 * own piece (the outgoing piece's tail or the incoming piece's head), never into both. Inside a
 * piece time scales by `outputDurationSec / sourceDuration` (`1 / speed`, or the speed floor).
 *
 * @example
 * // pieces [0, 2) and [3, 5): one second removed
 * mapSourceTimeToOutput(timeline, 3.5); // → 2.5
 * mapSourceTimeToOutput(timeline, 2.5); // → undefined
 */
export function mapSourceTimeToOutput(
  timeline: Pick<RenderTimeline, 'pieces'>,
  sourceSec: number,
): number | undefined {
  const pieces = timeline.pieces;
  for (const [index, piece] of pieces.entries()) {
    const isLast = index === pieces.length - 1;
    const inside =
      sourceSec >= piece.sourceStartSec &&
      (sourceSec < piece.sourceEndSec || (isLast && sourceSec === piece.sourceEndSec));
    if (inside) return toOutputSec(piece, sourceSec);
  }
  return undefined;
}

/**
 * The parts of a source span that play, one per piece it overlaps, in piece order, each mapped to
 * the main programme. Parts shorter than nothing are left out; a span in no piece gives `[]`.
 *
 * @example
 * mapSourceSpanToOutput(timeline, 1.5, 3.5);
 * // → [{ piece: pieces[0], outputStartSec: 1.5, outputEndSec: 2 }, { piece: pieces[1], outputStartSec: 2, outputEndSec: 2.5 }]
 */
export function mapSourceSpanToOutput(
  timeline: Pick<RenderTimeline, 'pieces'>,
  sourceStartSec: number,
  sourceEndSec: number,
): OutputSpan[] {
  const spans: OutputSpan[] = [];
  for (const piece of timeline.pieces) {
    const startSec = Math.max(sourceStartSec, piece.sourceStartSec);
    const endSec = Math.min(sourceEndSec, piece.sourceEndSec);
    if (endSec > startSec) {
      spans.push({
        piece,
        outputStartSec: toOutputSec(piece, startSec),
        outputEndSec: toOutputSec(piece, endSec),
      });
    }
  }
  return spans;
}

function toOutputSec(piece: TimelinePiece, sourceSec: number): number {
  const sourceDurationSec = piece.sourceEndSec - piece.sourceStartSec;
  const scale = sourceDurationSec > 0 ? piece.outputDurationSec / sourceDurationSec : 0;
  return piece.outputStartSec + (sourceSec - piece.sourceStartSec) * scale;
}
