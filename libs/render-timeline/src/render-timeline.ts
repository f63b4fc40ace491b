import type { CutReason } from '@reel/cut-plan';
import type { RenderMode } from '@reel/media-types';

/** A frame rate as a fraction (30000/1001 for 29.97). */
export interface Rational {
  num: number;
  den: number;
}

/**
 * One stretch of the source as it appears in the render's main programme (without intro/outro).
 * Source times are snapped to the source's frame grid: `sourceStartSec = sourceStartFrame / fps`.
 */
export interface TimelinePiece {
  /** Index of the cut-plan segment it comes from. */
  segmentIndex: number;
  /** `cut` pieces appear only in `mute` and `speed` modes (in `cut` mode they are removed). */
  action: 'keep' | 'cut';
  reason?: CutReason;
  /** First source frame shown, and the frame after the last one (frame grid of `frameRate`). */
  sourceStartFrame: number;
  sourceEndFrame: number;
  sourceStartSec: number;
  sourceEndSec: number;
  /** 1, or the speed factor of a sped-up cut span. */
  speed: number;
  /** A mute-mode cut span: the picture plays, the sound is silenced (or a tone). */
  muted: boolean;
  /** Where the piece starts in the main programme, seconds (transition overlaps counted). */
  outputStartSec: number;
  /** How long it plays: (sourceEndSec − sourceStartSec) / speed, at least the speed floor. */
  outputDurationSec: number;
}

/** A removed span of the source (`cut` mode), for the preview and the render record. */
export interface RemovedSpan {
  segmentIndex: number;
  reason?: CutReason;
  sourceStartSec: number;
  sourceEndSec: number;
}

/**
 * The edit decision list the render plays: the plan resolved against the source's frame grid and
 * the render options. Pure data: the filter graph, the subtitle re-timing, the preview and the
 * chunk planner all read it, and the manifest records it as "the EDL actually rendered".
 */
export interface RenderTimeline {
  mode: RenderMode;
  frameRate: Rational;
  sourceDurationSec: number;
  pieces: TimelinePiece[];
  removed: RemovedSpan[];
  /** Cross-fade at every join between pieces; absent: hard cuts. */
  transition?: { type: string; durationSec: number };
  /** Length of the main programme: Σ piece durations − (joins × transition duration). */
  mainDurationSec: number;
}

/**
 * A part of a filter graph: filter chains (`[in]filter,filter[out]` strings, joined with `;` by the
 * assembler) that read the given input labels and end in the returned output labels. Graph parts
 * compose: the cut part's outputs feed the branding part, whose outputs feed the subtitle part.
 */
export interface GraphPart {
  chains: string[];
  videoOut: string;
  audioOut?: string;
}
