import type { SubtitleCue } from '@reel/transcript';
import { playedParts, type PlayedPart } from './played-parts';
import type { RenderTimeline } from './render-timeline';

/** Options of {@link retimeCues}. */
export interface RetimeCuesOptions {
  /** Cues on the source's timeline (ms from the source's start), in order. */
  cues: readonly SubtitleCue[];
  timeline: Pick<RenderTimeline, 'pieces'>;
  /** Where the main programme starts in the render: the intro's length. Default 0. */
  offsetSec?: number;
  /**
   * A part of a cut-into cue shorter than this is dropped: too short to read, and mostly speech
   * that was cut. A cue that plays whole is kept however short. Default {@link MIN_READABLE_CUE_MS}.
   */
  minPartMs?: number;
}

/**
 * 500 ms: about the shortest time a one-line caption can be read (broadcast guidelines ask for
 * 1–1.5 s per line; below half a second a viewer sees a flash, not words).
 */
export const MIN_READABLE_CUE_MS = 500;

/**
 * Moves subtitle cues from the source's timeline onto the render's: a cue inside a removed (or
 * muted) span is dropped; a cue that spans a join is cut to the parts that play and a part shorter
 * than `minPartMs` is dropped (unless every part is: then the parts that touch make one cue, kept
 * when readable); parts that touch across the join stay one cue (a dropped middle part leaves two
 * cues with the same text). Every cue is shifted by the time removed before it, scaled in sped-up
 * pieces and moved by `offsetSec`. The result is in order, never overlaps (in a transition's
 * overlap the earlier cue ends where the later starts) and has whole-ms times. Pure.
 *
 * @example
 * const cues = retimeCues({ cues: parseSrt(sourceSrt), timeline, offsetSec: introSec });
 * await writeFile('render.srt', writeSrt(cues));
 */
export function retimeCues({
  cues,
  timeline,
  offsetSec = 0,
  minPartMs = MIN_READABLE_CUE_MS,
}: RetimeCuesOptions): SubtitleCue[] {
  const offsetMs = offsetSec * 1000;
  const placed: SubtitleCue[] = [];
  for (const cue of cues) {
    const startSec = cue.startMs / 1000;
    const endSec = cue.endMs / 1000;
    const isReadable = (part: PlayedPart) =>
      (part.outputEndSec - part.outputStartSec) * 1000 >= minPartMs;
    const trimmed = playedParts(
      timeline,
      startSec,
      endSec,
      (part, isClipped) => !isClipped || isReadable(part),
    ).parts;
    // Parts each too short may still make a readable cue together across a join.
    const parts =
      trimmed.length > 0
        ? trimmed
        : playedParts(timeline, startSec, endSec).parts.filter(isReadable);
    for (const { outputStartSec, outputEndSec } of parts) {
      placed.push({
        startMs: Math.round(offsetMs + outputStartSec * 1000),
        endMs: Math.round(offsetMs + outputEndSec * 1000),
        lines: [...cue.lines],
      });
    }
  }
  return withoutOverlaps(placed);
}

function withoutOverlaps(cues: SubtitleCue[]): SubtitleCue[] {
  const ordered = cues
    .filter(({ startMs, endMs }) => endMs > startMs)
    .sort((a, b) => a.startMs - b.startMs);
  const result: SubtitleCue[] = [];
  for (const cue of ordered) {
    const previous = result.at(-1);
    if (previous !== undefined && previous.endMs > cue.startMs) {
      previous.endMs = cue.startMs;
      if (previous.endMs <= previous.startMs) result.pop();
    }
    result.push(cue);
  }
  return result;
}
