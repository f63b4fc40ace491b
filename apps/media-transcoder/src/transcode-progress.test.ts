import { describe, expect, it } from 'vitest';
import { progressPlan, rungWeight, withinRange } from './transcode-progress';

describe('Function: progressPlan', () => {
  it('counts a phase after the phases before it, by weight', () => {
    // Prepare
    const plan = progressPlan([
      { name: 'audio', weight: 1 },
      { name: '240p', weight: 1 },
      { name: 'ladder', weight: 2 },
    ]);

    // Act + Assess
    expect(plan.scale('audio', 100).percent).toBe(25);
    expect(plan.scale('240p', 50).percent).toBe(37.5);
    expect(plan.scale('ladder', 100)).toEqual({ percent: 100, label: 'ladder' });
  });

  it('clamps a phase percent outside 0–100', () => {
    const plan = progressPlan([{ name: 'only', weight: 3 }]);
    expect(plan.scale('only', 140).percent).toBe(100);
    expect(plan.scale('only', -5).percent).toBe(0);
  });
});

describe('Function: rungWeight', () => {
  it('weighs a rung by its pixels against 720p', () => {
    expect(rungWeight({ width: 1920, height: 1080 })).toBe(2.25);
    expect(rungWeight({ width: 640, height: 360 })).toBe(0.25);
  });
});

describe('Function: withinRange', () => {
  it('maps 0–100 into the given range', () => {
    const seen: number[] = [];
    const report = withinRange(({ percent }) => seen.push(percent), 85, 100);
    report({ percent: 0 });
    report({ percent: 100 });
    expect(seen).toEqual([85, 100]);
  });
});
