import type { CutCandidate } from './classify-words';
import type { CutPlanSegment } from './cut-plan-schema';
import { liesWithin, overlapsAny, type Span } from './spans';

/**
 * Keep segments between the cuts (sorted, disjoint), covering [0, durationMs]; touching cuts
 * with the same reason become one.
 */
export function fillTimeline(cuts: readonly CutCandidate[], durationMs: number): CutPlanSegment[] {
  const segments: CutPlanSegment[] = [];
  let cursorMs = 0;
  for (const { startMs, endMs, reason, confidence } of cuts) {
    if (startMs > cursorMs) segments.push({ startMs: cursorMs, endMs: startMs, action: 'keep' });
    segments.push({ startMs, endMs, action: 'cut', reason, confidence });
    cursorMs = endMs;
  }
  if (cursorMs < durationMs)
    segments.push({ startMs: cursorMs, endMs: durationMs, action: 'keep' });
  return joinNeighbours(segments);
}

/**
 * Cuts each keep shorter than `minKeepMs` that sits between cuts (or between a cut and an end of
 * the timeline) when nothing in it could be speech: it overlaps no kept word and lies wholly in
 * `quiet` (detected silence and removed words). It joins the cut before it (else the one after),
 * with that cut's reason and confidence.
 */
export function absorbTinyKeeps(
  segments: readonly CutPlanSegment[],
  {
    minKeepMs,
    keptWords,
    quiet,
  }: { minKeepMs: number; keptWords: readonly Span[]; quiet: readonly Span[] },
): CutPlanSegment[] {
  const absorbed = segments.map((segment, index) => {
    if (segment.action !== 'keep' || segment.endMs - segment.startMs >= minKeepMs) return segment;
    const neighbour = [segments[index - 1], segments[index + 1]].find(
      (candidate) => candidate?.action === 'cut',
    );
    if (neighbour === undefined) return segment;
    if (overlapsAny(keptWords, segment) || !liesWithin(quiet, segment)) return segment;
    return {
      ...segment,
      action: 'cut' as const,
      reason: neighbour.reason,
      confidence: neighbour.confidence,
    };
  });
  return joinNeighbours(absorbed);
}

/** Keeps every run of touching cuts that is shorter than `minCutMs` in total. */
export function dropShortCuts(
  segments: readonly CutPlanSegment[],
  minCutMs: number,
): CutPlanSegment[] {
  const result: CutPlanSegment[] = [];
  let run: CutPlanSegment[] = [];
  const flush = () => {
    const runMs = (run.at(-1)?.endMs ?? 0) - (run[0]?.startMs ?? 0);
    if (runMs < minCutMs) {
      result.push(
        ...run.map(({ startMs, endMs }) => ({ startMs, endMs, action: 'keep' as const })),
      );
    } else {
      result.push(...run);
    }
    run = [];
  };
  for (const segment of segments) {
    if (segment.action === 'cut') {
      run.push(segment);
    } else {
      flush();
      result.push(segment);
    }
  }
  flush();
  return joinNeighbours(result);
}

/** Joins touching keeps, and touching cuts with the same reason (the lower confidence wins). */
export function joinNeighbours(segments: readonly CutPlanSegment[]): CutPlanSegment[] {
  const joined: CutPlanSegment[] = [];
  for (const segment of segments) {
    const last = joined.at(-1);
    const same =
      last !== undefined &&
      last.endMs === segment.startMs &&
      last.action === segment.action &&
      last.reason === segment.reason;
    if (!same) {
      joined.push({ ...segment });
      continue;
    }
    last.endMs = segment.endMs;
    if (last.confidence !== undefined || segment.confidence !== undefined) {
      last.confidence = Math.min(last.confidence ?? 1, segment.confidence ?? 1);
    }
  }
  return joined;
}
