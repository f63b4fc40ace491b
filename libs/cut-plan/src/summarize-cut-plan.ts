import type { CutPlan, CutReason } from './cut-plan-schema';

/** The totals of a plan: what the manifest's `results.plan` and `reel plan` show. */
export interface CutPlanSummary {
  keptMs: number;
  /** Cut (or, in mute mode, silenced) milliseconds, hand-made cuts without a reason included. */
  removedMs: number;
  removedByReasonMs: Record<CutReason, number>;
  /**
   * Length of the result: the kept time when cutting, the whole source when muting; in speed mode
   * the kept time too, a lower bound (the render adds the cut spans divided by its speed factor).
   */
  outputDurationMs: number;
  keptSegments: number;
  cutSegments: number;
}

/**
 * Adds up a plan's segments.
 *
 * @example
 * const { keptMs, removedByReasonMs } = summarizeCutPlan(plan);
 */
export function summarizeCutPlan({ segments, mode, source }: CutPlan): CutPlanSummary {
  const summary: CutPlanSummary = {
    keptMs: 0,
    removedMs: 0,
    removedByReasonMs: { silence: 0, filler: 0, repeat: 0 },
    outputDurationMs: 0,
    keptSegments: 0,
    cutSegments: 0,
  };
  for (const { startMs, endMs, action, reason } of segments) {
    const lengthMs = endMs - startMs;
    if (action === 'keep') {
      summary.keptMs += lengthMs;
      summary.keptSegments += 1;
      continue;
    }
    summary.removedMs += lengthMs;
    summary.cutSegments += 1;
    if (reason !== undefined) summary.removedByReasonMs[reason] += lengthMs;
  }
  summary.outputDurationMs = mode === 'mute' ? source.durationMs : summary.keptMs;
  return summary;
}
