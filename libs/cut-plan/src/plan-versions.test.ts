import { describe, expect, it } from 'vitest';
import { serializeCutPlan } from './parse-cut-plan';
import { planCuts } from './plan-cuts';
import {
  cutPlanSha256,
  cutPlanVersionName,
  cutPlanVersionOfKey,
  cutPlanVersionRecord,
  findCutPlanVersion,
  nextCutPlanVersion,
  replanKeepsCurrent,
  type CutPlanVersionRecord,
} from './plan-versions';

const plan = planCuts({ durationMs: 10_000, silences: [{ startMs: 1800, endMs: 4200 }] });
const text = serializeCutPlan(plan);
const record = (version: number, by: 'planner' | 'hand', sha256 = cutPlanSha256(text)) =>
  ({
    ...cutPlanVersionRecord({
      version,
      key: `dev/acme/ep/plan/${cutPlanVersionName(version)}`,
      by,
      plan,
      text,
      createdAt: '2026-12-01T00:00:00.000Z',
    }),
    sha256,
  }) satisfies CutPlanVersionRecord;

describe('Function: cutPlanVersionOfKey', () => {
  it('reads the number back from a key and ignores other names', () => {
    expect(cutPlanVersionOfKey(`dev/a/b/plan/${cutPlanVersionName(12)}`)).toBe(12);
    expect(cutPlanVersionOfKey('dev/a/b/plan/cut-plan.json')).toBeUndefined();
    expect(cutPlanVersionOfKey('dev/a/b/plan/cut-plan.v0.json')).toBeUndefined();
    expect(cutPlanVersionOfKey('dev/a/b/plan/cut-plan.v2.json.tmp')).toBeUndefined();
  });
});

describe('Function: cutPlanVersionRecord', () => {
  it('records the hash of the exact text and the kept and removed time', () => {
    expect(record(1, 'planner')).toMatchObject({
      version: 1,
      by: 'planner',
      sha256: expect.stringMatching(/^[0-9a-f]{64}$/),
      keptMs: 8000,
      removedMs: 2000,
    });
  });
});

describe('Function: replanKeepsCurrent', () => {
  const sha = cutPlanSha256(text);

  it("replaces the planner's own untouched version", () => {
    expect(
      replanKeepsCurrent({ version: 1, plannedSha256: sha, versions: [record(1, 'planner')] }, sha),
    ).toBe(false);
  });

  it('keeps a file edited by hand, a current version made by hand, and a plan from before versioning', () => {
    const planner = { version: 1, plannedSha256: sha, versions: [record(1, 'planner')] };
    expect(replanKeepsCurrent(planner, cutPlanSha256(`${text} `))).toBe(true);
    expect(
      replanKeepsCurrent(
        { version: 2, plannedSha256: sha, versions: [record(1, 'planner'), record(2, 'hand')] },
        sha,
      ),
    ).toBe(true);
    expect(replanKeepsCurrent({}, sha)).toBe(true);
  });
});

describe('Function: nextCutPlanVersion', () => {
  it('goes one past both the recorded versions and the files in storage', () => {
    expect(nextCutPlanVersion({}, [])).toBe(1);
    expect(nextCutPlanVersion({ version: 2, versions: [record(1, 'planner')] }, [undefined])).toBe(
      3,
    );
    expect(nextCutPlanVersion({ version: 1 }, [1, 4, undefined])).toBe(5);
  });

  it('finds a version by the hash of its content', () => {
    const state = { versions: [record(1, 'planner', 'a'.repeat(64)), record(2, 'hand')] };
    expect(findCutPlanVersion(state, cutPlanSha256(text))?.version).toBe(2);
    expect(findCutPlanVersion(state, 'b'.repeat(64))).toBeUndefined();
  });
});
