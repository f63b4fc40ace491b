import { describe, expect, it } from 'vitest';
import { DEFAULT_CUT_PLAN_OPTIONS } from './cut-plan-options';
import type { CutPlan } from './cut-plan-schema';
import { parseCutPlan, serializeCutPlan, validateCutPlan } from './parse-cut-plan';

const plan: CutPlan = {
  schemaVersion: 1,
  source: { name: 'talk.mp4', durationMs: 10_000, frameRate: { numerator: 25, denominator: 1 } },
  mode: 'cut',
  options: { ...DEFAULT_CUT_PLAN_OPTIONS },
  usedTranscript: true,
  segments: [
    { startMs: 0, endMs: 2200, action: 'keep' },
    { startMs: 2200, endMs: 3800, action: 'cut', reason: 'silence', confidence: 1 },
    { startMs: 3800, endMs: 10_000, action: 'keep' },
  ],
};

/** The plan's JSON after a user changed it. */
const edited = (edit: (draft: CutPlan) => void) => {
  const draft = structuredClone(plan);
  edit(draft);
  return serializeCutPlan(draft);
};

const failureOf = (text: string) => {
  try {
    parseCutPlan(text);
  } catch (error) {
    return error;
  }
  throw new Error('expected parseCutPlan to throw');
};

describe('Function: parseCutPlan', () => {
  it('reads back what serializeCutPlan wrote', () => {
    // Act
    const text = serializeCutPlan(plan);

    // Assess
    expect(text.endsWith('}\n')).toBe(true);
    expect(parseCutPlan(text)).toEqual(plan);
  });

  it('accepts a user’s edit that turns a cut into a keep and splits a segment', () => {
    // Prepare
    const text = edited((draft) => {
      draft.segments[1] = { startMs: 2200, endMs: 3000, action: 'keep', reason: 'silence' };
      draft.segments.splice(2, 0, { startMs: 3000, endMs: 3800, action: 'cut' });
    });

    // Act
    const parsed = parseCutPlan(text);

    // Assess
    expect(parsed.segments.map(({ action }) => action)).toEqual(['keep', 'keep', 'cut', 'keep']);
  });

  it('refuses text that is not JSON', () => {
    expect(failureOf('{"schemaVersion": 1,')).toMatchObject({
      name: 'InvalidRequestError',
      message: expect.stringContaining('not JSON'),
    });
  });

  it('names the field and segment of a schema error', () => {
    // Act
    const failure = failureOf(
      edited((draft) => {
        (draft.segments[1] as { action: string }).action = 'trim';
      }),
    );

    // Assess
    expect(failure).toMatchObject({
      name: 'InvalidRequestError',
      message: expect.stringContaining('segments.1.action'),
      details: { field: 'segments.1.action', segmentIndex: 1 },
    });
  });

  it('refuses another schema version', () => {
    expect(failureOf(edited((draft) => Object.assign(draft, { schemaVersion: 2 })))).toMatchObject({
      details: { field: 'schemaVersion' },
    });
  });

  it('refuses a gap, naming the segment after it', () => {
    // Act
    const failure = failureOf(
      edited((draft) => {
        (draft.segments[2] as { startMs: number }).startMs = 4300;
      }),
    );

    // Assess
    expect(failure).toMatchObject({
      name: 'InvalidRequestError',
      code: 'INVALID_REQUEST',
      message:
        'Segment #3 starts at 4300 ms, leaving a gap of 500 ms after segment #2 (which ends at 3800 ms) (segments numbered from 1, as `reel plan` lists them)',
      details: { segmentIndex: 2, segmentNumber: 3, startMs: 4300, previousEndMs: 3800 },
    });
  });

  it('refuses an overlap, naming the segment that starts too early', () => {
    expect(
      failureOf(
        edited((draft) => {
          (draft.segments[1] as { startMs: number }).startMs = 2000;
        }),
      ),
    ).toMatchObject({
      message: expect.stringContaining('Segment #2 starts at 2000 ms, overlapping segment #1'),
      details: { segmentIndex: 1, segmentNumber: 2 },
    });
  });

  it('refuses segments out of order', () => {
    expect(
      failureOf(
        edited((draft) => {
          draft.segments.reverse();
        }),
      ),
    ).toMatchObject({
      details: { segmentIndex: 0 },
      message: expect.stringContaining('must start at 0 ms'),
    });
  });

  it('refuses an empty segment', () => {
    expect(
      failureOf(
        edited((draft) => {
          draft.segments.splice(1, 0, { startMs: 2200, endMs: 2200, action: 'keep' });
        }),
      ),
    ).toMatchObject({
      details: { segmentIndex: 1 },
      message: expect.stringContaining('empty or reversed'),
    });
  });

  it('refuses a plan that stops before the source ends', () => {
    expect(
      failureOf(
        edited((draft) => {
          (draft.segments[2] as { endMs: number }).endMs = 9000;
        }),
      ),
    ).toMatchObject({
      message: expect.stringContaining('The last segment (#3) ends at 9000 ms'),
      details: { segmentIndex: 2, segmentNumber: 3, endMs: 9000, durationMs: 10_000 },
    });
  });

  it('refuses a segment that runs past the source', () => {
    expect(
      failureOf(
        edited((draft) => {
          (draft.segments[2] as { endMs: number }).endMs = 10_500;
        }),
      ),
    ).toMatchObject({
      details: { segmentIndex: 2, segmentNumber: 3 },
      message: expect.stringContaining('Segment #3 ends at 10500 ms, after the source ends'),
    });
  });

  it('refuses a plan without segments', () => {
    expect(failureOf(edited((draft) => Object.assign(draft, { segments: [] })))).toMatchObject({
      details: { field: 'segments' },
    });
  });
});

describe('Function: validateCutPlan', () => {
  it('checks an already parsed document the same way', () => {
    expect(() => validateCutPlan({ ...plan, segments: plan.segments.slice(1) })).toThrow(
      /must start at 0 ms/,
    );
  });
});
