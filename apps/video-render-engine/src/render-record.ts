import type { StepResults } from '@reel/manifest';
import type { RenderTimeline } from '@reel/render-timeline';
import type { CurrentPlan } from './read-plan';

type RenderResult = NonNullable<StepResults['render']>;

/**
 * The part of `results.render` every render records, with or without a picture: the plan version
 * played, the mode, and the edit decision list actually rendered with the time it removed.
 *
 * @example
 * const result = { mp3Key, durationSec, ...renderRecord({ plan, timeline, options }) };
 */
export function renderRecord({
  plan,
  timeline,
  options,
}: {
  plan: CurrentPlan;
  timeline: RenderTimeline;
  options: RenderResult['options'];
}): Pick<
  RenderResult,
  'planKey' | 'planSha256' | 'planVersion' | 'mode' | 'options' | 'pieces' | 'removedSec'
> {
  return {
    planKey: plan.planKey,
    planSha256: plan.planSha256,
    ...(plan.planVersion === undefined ? {} : { planVersion: plan.planVersion }),
    mode: timeline.mode,
    options,
    pieces: timeline.pieces.map((piece) => ({
      segmentIndex: piece.segmentIndex,
      action: piece.action,
      ...(piece.reason === undefined ? {} : { reason: piece.reason }),
      sourceStartSec: piece.sourceStartSec,
      sourceEndSec: piece.sourceEndSec,
      speed: piece.speed,
      muted: piece.muted,
      outputStartSec: piece.outputStartSec,
      outputDurationSec: piece.outputDurationSec,
    })),
    removedSec: timeline.removed.reduce(
      (sum, span) => sum + (span.sourceEndSec - span.sourceStartSec),
      0,
    ),
  };
}
