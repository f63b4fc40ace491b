import { InvalidRequestError } from '@reel/error-taxonomy';
import type { CutPlan, CutPlanSegment } from './cut-plan-schema';
import { validateCutPlan } from './parse-cut-plan';

/** What a segment edit does: flip keep↔cut, or set it to keep or to cut. */
export const segmentEdits = ['toggle', 'keep', 'cut'] as const;
export type SegmentEdit = (typeof segmentEdits)[number];

/**
 * A copy of the plan with segment `segmentNumber` (1-based, as `reel plan` lists them) kept or
 * cut; segment bounds never move, so the copy covers the timeline as the plan does (and is
 * validated again). A cut made by hand has no reason; a kept former cut keeps its reason and
 * confidence (why it was proposed). InvalidRequestError for a number outside 1…segments.
 *
 * @example
 * const edited = editCutPlanSegment(plan, { edit: 'toggle', segmentNumber: 3 });
 */
export function editCutPlanSegment(
  plan: CutPlan,
  { edit, segmentNumber }: { edit: SegmentEdit; segmentNumber: number },
): CutPlan {
  const count = plan.segments.length;
  if (!Number.isInteger(segmentNumber) || segmentNumber < 1 || segmentNumber > count) {
    throw new InvalidRequestError(
      `There is no segment ${segmentNumber}: the plan has segments 1 to ${count}`,
      {
        details: { segmentNumber, segments: count },
        advice: 'Use a segment number from the # column of `npx reel plan`.',
      },
    );
  }
  const segments = plan.segments.map((segment, index): CutPlanSegment => {
    if (index !== segmentNumber - 1) return segment;
    const action = edit === 'toggle' ? (segment.action === 'keep' ? 'cut' : 'keep') : edit;
    return { ...segment, action };
  });
  return validateCutPlan({ ...plan, segments });
}
