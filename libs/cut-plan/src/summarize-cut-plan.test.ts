import { describe, expect, it } from 'vitest';
import { DEFAULT_CUT_PLAN_OPTIONS } from './cut-plan-options';
import type { CutPlan } from './cut-plan-schema';
import { summarizeCutPlan } from './summarize-cut-plan';

const plan: CutPlan = {
  schemaVersion: 1,
  source: { durationMs: 10_000, frameRate: { numerator: 25, denominator: 1 } },
  mode: 'cut',
  options: { ...DEFAULT_CUT_PLAN_OPTIONS },
  usedTranscript: true,
  segments: [
    { startMs: 0, endMs: 1000, action: 'cut', reason: 'silence', confidence: 1 },
    { startMs: 1000, endMs: 4000, action: 'keep' },
    { startMs: 4000, endMs: 4300, action: 'cut', reason: 'filler', confidence: 0.8 },
    { startMs: 4300, endMs: 4500, action: 'cut', reason: 'repeat', confidence: 0.9 },
    { startMs: 4500, endMs: 8000, action: 'keep', reason: 'silence' },
    { startMs: 8000, endMs: 8500, action: 'cut' },
    { startMs: 8500, endMs: 10_000, action: 'cut', reason: 'silence' },
  ],
};

describe('Function: summarizeCutPlan', () => {
  it('adds up kept and removed time, by reason', () => {
    expect(summarizeCutPlan(plan)).toEqual({
      keptMs: 6500,
      removedMs: 3500,
      removedByReasonMs: { silence: 2500, filler: 300, repeat: 200 },
      outputDurationMs: 6500,
      keptSegments: 2,
      cutSegments: 5,
    });
  });

  it('gives the whole duration as the output of a mute plan', () => {
    expect(summarizeCutPlan({ ...plan, mode: 'mute' })).toMatchObject({
      keptMs: 6500,
      removedMs: 3500,
      outputDurationMs: 10_000,
    });
  });
});
