import { mapSourceSpanToOutput } from './map-source-time';
import type { RenderTimeline } from './render-timeline';

/** A stretch of the main programme, seconds. */
export interface PlayedPart {
  outputStartSec: number;
  outputEndSec: number;
}

/** Output parts closer than this (seconds) are one part: the join between two pieces. */
const TOUCHING_SEC = 0.001;

/**
 * The audible parts of a source span on the main programme: the span cut by the pieces it
 * overlaps, muted pieces (mute mode's silenced spans) left out, `keep(part)` applied, and parts that
 * touch or overlap (a hard join, a transition's overlap) merged into one. Also how many source
 * seconds of the span are heard. Internal to the re-timing functions.
 */
export function playedParts(
  timeline: Pick<RenderTimeline, 'pieces'>,
  sourceStartSec: number,
  sourceEndSec: number,
  keep: (part: PlayedPart, isClipped: boolean) => boolean = () => true,
): { parts: PlayedPart[]; heardSourceSec: number } {
  const spans = mapSourceSpanToOutput(timeline, sourceStartSec, sourceEndSec).filter(
    ({ piece }) => !piece.muted,
  );
  const heardSourceSec = spans.reduce(
    (sum, { piece }) =>
      sum +
      Math.min(sourceEndSec, piece.sourceEndSec) -
      Math.max(sourceStartSec, piece.sourceStartSec),
    0,
  );
  const isClipped = heardSourceSec < sourceEndSec - sourceStartSec - TOUCHING_SEC;
  const parts: PlayedPart[] = [];
  for (const { outputStartSec, outputEndSec } of spans) {
    const part = { outputStartSec, outputEndSec };
    if (!keep(part, isClipped)) continue;
    const previous = parts.at(-1);
    if (previous !== undefined && part.outputStartSec <= previous.outputEndSec + TOUCHING_SEC) {
      previous.outputEndSec = Math.max(previous.outputEndSec, part.outputEndSec);
    } else {
      parts.push(part);
    }
  }
  return { parts, heardSourceSec };
}
