import { describe, expect, it } from 'vitest';
import { editCutPlanSegment } from './edit-cut-plan';
import { planCuts } from './plan-cuts';

/** keep 0–2000, cut 2000–4000 (silence), keep 4000–10000. */
const plan = () =>
  planCuts({
    durationMs: 10_000,
    silences: [{ startMs: 1800, endMs: 4200 }],
    source: { name: 'talk.mp4' },
  });

describe('Function: editCutPlanSegment', () => {
  it('flips a cut to keep and back, keeping the bounds and the proposed reason', () => {
    // Prepare
    const original = plan();
    const cutNumber = original.segments.findIndex(({ action }) => action === 'cut') + 1;

    // Act
    const kept = editCutPlanSegment(original, { edit: 'toggle', segmentNumber: cutNumber });
    const cutAgain = editCutPlanSegment(kept, { edit: 'toggle', segmentNumber: cutNumber });

    // Assess
    expect(kept.segments.map(({ action }) => action)).toEqual(['keep', 'keep', 'keep']);
    expect(kept.segments[cutNumber - 1]).toMatchObject({ reason: 'silence' });
    expect(cutAgain).toEqual(original);
  });

  it('sets keep or cut whatever the segment was, and a hand-made cut has no new reason', () => {
    // Act
    const cutFirst = editCutPlanSegment(plan(), { edit: 'cut', segmentNumber: 1 });
    const stillCut = editCutPlanSegment(cutFirst, { edit: 'cut', segmentNumber: 1 });

    // Assess
    expect(cutFirst.segments[0]).toEqual({ startMs: 0, endMs: 2000, action: 'cut' });
    expect(stillCut).toEqual(cutFirst);
    expect(editCutPlanSegment(cutFirst, { edit: 'keep', segmentNumber: 1 }).segments[0]).toEqual(
      plan().segments[0],
    );
  });

  it.each([0, 4, -1, 1.5, Number.NaN])('refuses segment number %s', (segmentNumber) => {
    expect(() => editCutPlanSegment(plan(), { edit: 'toggle', segmentNumber })).toThrow(
      expect.objectContaining({
        code: 'INVALID_REQUEST',
        message: expect.stringMatching(/segments 1 to 3/),
      }),
    );
  });
});
