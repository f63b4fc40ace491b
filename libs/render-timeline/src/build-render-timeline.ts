import type { CutPlan } from '@reel/cut-plan';
import { InvalidRequestError } from '@reel/error-taxonomy';
import type { RenderMode, RenderOptions } from '@reel/media-types';
import type { Rational, RemovedSpan, RenderTimeline, TimelinePiece } from './render-timeline';

/** Options of {@link buildRenderTimeline}. */
export interface BuildRenderTimelineOptions {
  /** The plan's segments and mode (`cut`, `mute`, `speed`); `options.mode` overrides the mode. */
  plan: { mode: CutPlan['mode'] | RenderMode; segments: CutPlan['segments'] };
  /** The source's frame rate (its frame grid): every cut point is snapped to it. */
  frameRate: Rational;
  /** The probed length of the source. */
  sourceDurationSec: number;
  /**
   * The length of the source's sound, when it has one. A plan made from the sound alone (from the
   * extracted audio, as plans made before the planner read the source's length were) may end where
   * the sound ends, short of a picture that runs on after it: its last segment is extended to the
   * source's end, so the soundless tail takes that segment's action.
   */
  soundDurationSec?: number;
  options: Pick<RenderOptions, 'mode' | 'speed' | 'transition'>;
}

type SnappedSegment = CutPlan['segments'][number] & {
  segmentIndex: number;
  startFrame: number;
  endFrame: number;
};

/**
 * The plan resolved against the source's frame grid and the render options: the edit decision
 * list the render plays. Every cut point is rounded to the nearest frame; adjacent keeps merge;
 * pieces that snap to no frame are dropped. `cut` mode plays the keeps, `mute` every segment (cut
 * spans muted), `speed` every segment (cut spans faster, at least `speed.minSpanMs` long, or
 * their own length when shorter, in whole frames). Transitions apply in `cut` mode only (the other
 * modes have no joins that remove time). The last segment always runs to the source's end: a
 * plan may end up to a frame short of it, or where the source's sound ends when the picture runs
 * on after it (`soundDurationSec`). Throws an InvalidRequestError, before anything is encoded,
 * when the plan does not fit the source: a gap, an overlap, a segment past the source's end
 * (beyond one frame), an end short of both, nothing kept, or a transition longer than a piece
 * allows (a piece between two joins needs 2 × the transition, one at an end 1 ×).
 *
 * @example
 * buildRenderTimeline({ plan, frameRate: { num: 30000, den: 1001 }, sourceDurationSec: 61.2,
 *   options: renderOptionsSchema.parse({ transition: { durationMs: 300 } }) });
 */
export function buildRenderTimeline({
  plan,
  frameRate,
  sourceDurationSec,
  soundDurationSec,
  options,
}: BuildRenderTimelineOptions): RenderTimeline {
  const fps = assertFrameRate(frameRate);
  const mode: RenderMode = options.mode ?? plan.mode;
  const sourceFrames = Math.round(sourceDurationSec * fps);
  const segments = snapSegments(plan.segments, {
    fps,
    sourceDurationSec,
    soundDurationSec,
    sourceFrames,
  });
  if (
    !segments.some((segment) => segment.action === 'keep' && segment.endFrame > segment.startFrame)
  ) {
    throw invalid(
      'The cut plan keeps nothing of the source',
      'Keep at least one segment (action "keep") longer than a frame.',
    );
  }
  const played =
    mode === 'cut' ? segments.filter((segment) => segment.action === 'keep') : segments;
  const merged = mergeAdjacent(played).filter((segment) => segment.endFrame > segment.startFrame);
  const transition =
    mode === 'cut' && options.transition !== undefined && merged.length > 1
      ? { type: options.transition.type, durationSec: options.transition.durationMs / 1000 }
      : undefined;
  const pieces = toPieces(merged, { fps, mode, speed: options.speed });
  if (transition !== undefined) assertTransitionFits(pieces, transition.durationSec);
  const overlapSec = transition?.durationSec ?? 0;
  let outputStartSec = 0;
  for (const piece of pieces) {
    piece.outputStartSec = outputStartSec;
    outputStartSec += piece.outputDurationSec - overlapSec;
  }
  const mainDurationSec = outputStartSec + (pieces.length > 0 ? overlapSec : 0);
  const removed: RemovedSpan[] = mode === 'cut' ? removedSpans(segments, fps) : [];
  return {
    mode,
    frameRate: { ...frameRate },
    sourceDurationSec,
    pieces,
    removed,
    ...(transition === undefined ? {} : { transition }),
    mainDurationSec,
  };
}

function assertFrameRate({ num, den }: Rational): number {
  if (!Number.isInteger(num) || !Number.isInteger(den) || num <= 0 || den <= 0 || num / den > 240) {
    throw new TypeError(
      `frameRate must be a positive integer fraction up to 240 fps, got ${num}/${den}`,
    );
  }
  return num / den;
}

function snapSegments(
  segments: CutPlan['segments'],
  {
    fps,
    sourceDurationSec,
    soundDurationSec,
    sourceFrames,
  }: {
    fps: number;
    sourceDurationSec: number;
    soundDurationSec: number | undefined;
    sourceFrames: number;
  },
): SnappedSegment[] {
  const frameMs = 1000 / fps;
  const sourceMs = sourceDurationSec * 1000;
  // A plan of the sound alone ends where the sound does; the picture's tail joins its last segment.
  const coveredMs = Math.min(sourceMs, (soundDurationSec ?? sourceDurationSec) * 1000);
  if (segments[0]?.startMs !== 0) {
    throw invalid(
      'The cut plan does not start at 0 ms: its first segment leaves a gap',
      'Let the first segment start at 0 ms.',
    );
  }
  segments.forEach((segment, index) => {
    if (segment.endMs <= segment.startMs) {
      throw invalid(
        `Segment #${index + 1} ends (${segment.endMs} ms) before it starts (${segment.startMs} ms) ${NUMBERING_NOTE}`,
        'Give every segment endMs > startMs.',
      );
    }
    const next = segments[index + 1];
    if (next !== undefined && next.startMs < segment.endMs) {
      throw invalid(
        `Segments #${index + 1} and #${index + 2} overlap at ${next.startMs} ms ${NUMBERING_NOTE}`,
        'Let each segment start where the previous one ends.',
      );
    }
    if (next !== undefined && next.startMs > segment.endMs) {
      throw invalid(
        `The cut plan leaves a gap between ${segment.endMs} ms and ${next.startMs} ms`,
        'Let each segment start where the previous one ends.',
      );
    }
  });
  const lastEndMs = segments.at(-1)?.endMs ?? 0;
  if (lastEndMs > sourceMs + frameMs) {
    throw invalid(
      `The cut plan ends at ${lastEndMs} ms, past the source's end (${Math.round(sourceMs)} ms)`,
      'Re-plan the cuts for this source, or trim the last segment to the source duration.',
    );
  }
  if (lastEndMs < coveredMs - frameMs) {
    throw invalid(
      `The cut plan ends at ${lastEndMs} ms but the source lasts ${Math.round(sourceMs)} ms${coveredMs < sourceMs ? ` (its sound ${Math.round(coveredMs)} ms)` : ''}: the rest is not covered`,
      'Let the last segment end at the source duration.',
    );
  }
  return segments.map((segment, index) => ({
    ...segment,
    segmentIndex: index,
    startFrame:
      index === 0 ? 0 : Math.min(sourceFrames, Math.round((segment.startMs / 1000) * fps)),
    endFrame:
      index === segments.length - 1
        ? sourceFrames
        : Math.min(sourceFrames, Math.round((segment.endMs / 1000) * fps)),
  }));
}

function mergeAdjacent(segments: SnappedSegment[]): SnappedSegment[] {
  const merged: SnappedSegment[] = [];
  for (const segment of segments) {
    const last = merged[merged.length - 1];
    if (
      last !== undefined &&
      last.action === 'keep' &&
      segment.action === 'keep' &&
      last.endFrame === segment.startFrame
    ) {
      last.endFrame = segment.endFrame;
      last.endMs = segment.endMs;
    } else if (segment.endFrame > segment.startFrame) {
      merged.push({ ...segment });
    }
  }
  return merged;
}

function toPieces(
  segments: SnappedSegment[],
  { fps, mode, speed }: { fps: number; mode: RenderMode; speed: RenderOptions['speed'] },
): TimelinePiece[] {
  return segments.map((segment) => {
    const frames = segment.endFrame - segment.startFrame;
    const isCut = segment.action === 'cut';
    const outputFrames = isCut && mode === 'speed' ? spedUpFrames(frames, fps, speed) : frames;
    return {
      segmentIndex: segment.segmentIndex,
      action: segment.action,
      ...(segment.reason === undefined ? {} : { reason: segment.reason }),
      sourceStartFrame: segment.startFrame,
      sourceEndFrame: segment.endFrame,
      sourceStartSec: segment.startFrame / fps,
      sourceEndSec: segment.endFrame / fps,
      speed: frames / outputFrames,
      muted: isCut && mode === 'mute',
      outputStartSec: 0,
      outputDurationSec: outputFrames / fps,
    };
  });
}

/** Whole output frames of a sped-up span: `frames / factor`, at least the floor (or its own length). */
function spedUpFrames(
  frames: number,
  fps: number,
  { factor, minSpanMs }: RenderOptions['speed'],
): number {
  const floorFrames = Math.min(frames, Math.max(1, Math.ceil((minSpanMs / 1000) * fps - 1e-9)));
  return Math.max(floorFrames, Math.round(frames / factor), 1);
}

function assertTransitionFits(pieces: TimelinePiece[], durationSec: number): void {
  pieces.forEach((piece, index) => {
    const joins = (index > 0 ? 1 : 0) + (index < pieces.length - 1 ? 1 : 0);
    if (piece.outputDurationSec + 1e-9 < joins * durationSec) {
      throw invalid(
        `Kept span #${index + 1} of the render (source ${piece.sourceStartSec.toFixed(3)}–${piece.sourceEndSec.toFixed(3)} s) lasts ${piece.outputDurationSec.toFixed(3)} s, shorter than its ${joins} transition(s) of ${durationSec} s`,
        `Use a transition of at most ${Math.floor((piece.outputDurationSec / joins) * 1000)} ms, hard cuts, or keep more around that span.`,
      );
    }
  });
}

function removedSpans(segments: SnappedSegment[], fps: number): RemovedSpan[] {
  return segments.flatMap((segment) =>
    segment.action === 'cut' && segment.endFrame > segment.startFrame
      ? [
          {
            segmentIndex: segment.segmentIndex,
            ...(segment.reason === undefined ? {} : { reason: segment.reason }),
            sourceStartSec: segment.startFrame / fps,
            sourceEndSec: segment.endFrame / fps,
          },
        ]
      : [],
  );
}

/** Segment numbers in messages count from 1, as `reel plan` lists them; this says so. */
const NUMBERING_NOTE = '(segments numbered from 1, as `reel plan` lists them)';

function invalid(message: string, advice: string): InvalidRequestError {
  return new InvalidRequestError(message, { advice });
}
