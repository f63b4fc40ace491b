import { describe, expect, it } from 'vitest';
import type { PlanWord } from './classify-words';
import type { CutPlan } from './cut-plan-schema';
import { validateCutPlan } from './parse-cut-plan';
import { planCuts } from './plan-cuts';
import { summarizeCutPlan } from './summarize-cut-plan';

const word = (
  text: string,
  startMs: number,
  endMs: number,
  extra: Partial<PlanWord> = {},
): PlanWord => ({
  text,
  startMs,
  endMs,
  confidence: 0.9,
  filler: false,
  ...extra,
});

/** Segments without confidence, in the compact form the assertions read best in. */
const shape = (plan: CutPlan) =>
  plan.segments.map(({ startMs, endMs, action, reason }) =>
    action === 'keep' ? [startMs, endMs, 'keep'] : [startMs, endMs, reason ?? 'cut'],
  );

const cutOverlaps = (plan: CutPlan, { startMs, endMs }: { startMs: number; endMs: number }) =>
  plan.segments.some(
    (segment) => segment.action === 'cut' && segment.startMs < endMs && segment.endMs > startMs,
  );

describe('Function: planCuts', () => {
  it('cuts a silence longer than minSilenceMs, less a 200 ms margin on each side', () => {
    // Act
    const plan = planCuts({ durationMs: 10_000, silences: [{ startMs: 2000, endMs: 4000 }] });

    // Assess
    expect(shape(plan)).toEqual([
      [0, 2200, 'keep'],
      [2200, 3800, 'silence'],
      [3800, 10_000, 'keep'],
    ]);
    expect(plan.segments[1]).toMatchObject({ confidence: 1 });
    expect(plan).toMatchObject({
      schemaVersion: 1,
      mode: 'cut',
      usedTranscript: false,
      source: { durationMs: 10_000, frameRate: { numerator: 25, denominator: 1 } },
      options: {
        minSilenceMs: 700,
        silenceThresholdDb: -35,
        marginMs: 200,
        minKeepMs: 500,
        minCutMs: 150,
      },
    });
    expect(validateCutPlan(plan)).toEqual(plan);
  });

  it('keeps a silence shorter than minSilenceMs', () => {
    // Act
    const plan = planCuts({ durationMs: 5000, silences: [{ startMs: 1000, endMs: 1650 }] });

    // Assess
    expect(shape(plan)).toEqual([[0, 5000, 'keep']]);
  });

  it('cuts silences at the start and end of the timeline without a margin at the edge', () => {
    // Act
    const plan = planCuts({
      durationMs: 10_000,
      silences: [
        { startMs: 8000, endMs: 10_000 },
        { startMs: 0, endMs: 1500 },
      ],
    });

    // Assess
    expect(shape(plan)).toEqual([
      [0, 1300, 'silence'],
      [1300, 8200, 'keep'],
      [8200, 10_000, 'silence'],
    ]);
  });

  it('uses the given margin', () => {
    // Act
    const plan = planCuts({
      durationMs: 10_000,
      silences: [{ startMs: 2000, endMs: 4000 }],
      options: { marginMs: 50 },
    });

    // Assess
    expect(shape(plan)[1]).toEqual([2050, 3950, 'silence']);
  });

  it('cuts a filler word with its transcript confidence', () => {
    // Act
    const plan = planCuts({
      durationMs: 4000,
      silences: [],
      words: [
        word('So', 1000, 1300),
        word('um,', 1400, 1700, { filler: true, confidence: 0.8 }),
        word('the', 1800, 2000),
        word('plan', 2050, 2400),
      ],
    });

    // Assess
    expect(shape(plan)).toEqual([
      [0, 1400, 'keep'],
      [1400, 1700, 'filler'],
      [1700, 4000, 'keep'],
    ]);
    expect(plan.segments[1]?.confidence).toBe(0.8);
    expect(plan.usedTranscript).toBe(true);
  });

  it('joins a multi-word filler ("you know") into one cut', () => {
    // Act
    const plan = planCuts({
      durationMs: 4000,
      silences: [],
      words: [
        word('it', 500, 700),
        word('you', 900, 1050, { filler: true, confidence: 0.7 }),
        word('know', 1050, 1300, { filler: true, confidence: 0.95 }),
        word('works', 1500, 1900),
      ],
    });

    // Assess
    expect(plan.segments.filter(({ action }) => action === 'cut')).toEqual([
      { startMs: 900, endMs: 1300, action: 'cut', reason: 'filler', confidence: 0.7 },
    ]);
  });

  it('cuts an immediately repeated word and keeps the last one', () => {
    // Act
    const plan = planCuts({
      durationMs: 5000,
      silences: [],
      words: [
        word('The', 1000, 1200, { confidence: 0.6 }),
        word('the,', 1300, 1500),
        word('the', 1600, 1800),
        word('plan', 1850, 2200),
      ],
    });

    // Assess
    expect(shape(plan)).toEqual([
      [0, 1000, 'keep'],
      [1000, 1200, 'repeat'],
      [1200, 1300, 'keep'],
      [1300, 1500, 'repeat'],
      [1500, 5000, 'keep'],
    ]);
    expect(plan.segments[1]?.confidence).toBe(0.6);
  });

  it('finds a repeat across a filler ("I, um, I think")', () => {
    // Act
    const plan = planCuts({
      durationMs: 5000,
      silences: [],
      words: [
        word('I', 1000, 1150),
        word('um', 1150, 1500, { filler: true }),
        word('I', 1600, 1750),
        word('think', 1750, 2100),
      ],
    });

    // Assess
    expect(shape(plan)).toEqual([
      [0, 1000, 'keep'],
      [1000, 1150, 'repeat'],
      [1150, 1500, 'filler'],
      [1500, 5000, 'keep'],
    ]);
  });

  it('does not take equal words far apart for a repeat', () => {
    // Act
    const plan = planCuts({
      durationMs: 8000,
      silences: [],
      words: [word('yes', 1000, 1300), word('yes', 2400, 2700)],
    });

    // Assess
    expect(shape(plan)).toEqual([[0, 8000, 'keep']]);
  });

  it('keeps a quiet word inside a detected silence whole, with its margins', () => {
    // Act
    const plan = planCuts({
      durationMs: 10_000,
      silences: [{ startMs: 2000, endMs: 6000 }],
      words: [word('before', 1500, 2000), word('yes', 3800, 4100), word('after', 6000, 6500)],
    });

    // Assess
    expect(shape(plan)).toEqual([
      [0, 2200, 'keep'],
      [2200, 3600, 'silence'],
      [3600, 4300, 'keep'],
      [4300, 5800, 'silence'],
      [5800, 10_000, 'keep'],
    ]);
  });

  it('never cuts into a word whose timing runs into a silence', () => {
    // Act
    const plan = planCuts({
      durationMs: 10_000,
      silences: [{ startMs: 2000, endMs: 4000 }],
      words: [word('sloppy', 1600, 2300)],
    });

    // Assess
    expect(shape(plan)[1]).toEqual([2500, 3800, 'silence']);
  });

  it('absorbs a short quiet keep around a removed filler between two silences', () => {
    // Act
    const plan = planCuts({
      durationMs: 6000,
      silences: [
        { startMs: 1000, endMs: 2500 },
        { startMs: 2800, endMs: 4300 },
      ],
      words: [
        word('end', 500, 1000),
        word('um', 2500, 2800, { filler: true }),
        word('next', 4300, 4800),
      ],
    });

    // Assess
    expect(shape(plan)).toEqual([
      [0, 1200, 'keep'],
      [1200, 2500, 'silence'],
      [2500, 3000, 'filler'],
      [3000, 4100, 'silence'],
      [4100, 6000, 'keep'],
    ]);
  });

  it('never absorbs a short keep that holds a word', () => {
    // Act
    const plan = planCuts({
      durationMs: 6000,
      silences: [
        { startMs: 1000, endMs: 3000 },
        { startMs: 3150, endMs: 5000 },
      ],
      words: [word('a', 3000, 3150)],
      options: { minKeepMs: 2000 },
    });

    // Assess
    expect(shape(plan)).toEqual([
      [0, 1200, 'keep'],
      [1200, 2800, 'silence'],
      [2800, 3350, 'keep'],
      [3350, 4800, 'silence'],
      [4800, 6000, 'keep'],
    ]);
  });

  it('without a transcript, never absorbs a short keep with sound in it', () => {
    // Act: 50 ms of sound between two silences could be a word.
    const plan = planCuts({
      durationMs: 6000,
      silences: [
        { startMs: 1000, endMs: 3000 },
        { startMs: 3050, endMs: 5000 },
      ],
    });

    // Assess
    expect(shape(plan)).toEqual([
      [0, 1200, 'keep'],
      [1200, 2800, 'silence'],
      [2800, 3250, 'keep'],
      [3250, 4800, 'silence'],
      [4800, 6000, 'keep'],
    ]);
  });

  it('keeps runs of cuts shorter than minCutMs', () => {
    // Act
    const plan = planCuts({
      durationMs: 6000,
      silences: [{ startMs: 1000, endMs: 1800 }],
      words: [word('uh', 3000, 3100, { filler: true })],
      options: { minCutMs: 401 },
    });

    // Assess
    expect(shape(plan)).toEqual([[0, 6000, 'keep']]);
  });

  it('makes the same segments in mute mode, and the output keeps the whole duration', () => {
    // Prepare
    const input = {
      durationMs: 10_000,
      silences: [{ startMs: 2000, endMs: 4000 }],
      words: [word('um', 5000, 5400, { filler: true })],
    };

    // Act
    const cut = planCuts(input);
    const mute = planCuts({ ...input, options: { mode: 'mute' } });

    // Assess
    expect(mute.mode).toBe('mute');
    expect(mute.segments).toEqual(cut.segments);
    expect(summarizeCutPlan(mute).outputDurationMs).toBe(10_000);
    expect(summarizeCutPlan(cut).outputDurationMs).toBe(10_000 - 1600 - 400);
  });

  it('records the source it is given', () => {
    // Act
    const plan = planCuts({
      durationMs: 1000,
      silences: [],
      source: {
        name: 'talk.mp4',
        frameRate: { numerator: 30000, denominator: 1001 },
        video: { width: 1280, height: 720 },
      },
    });

    // Assess
    expect(plan.source).toEqual({
      name: 'talk.mp4',
      durationMs: 1000,
      frameRate: { numerator: 30000, denominator: 1001 },
      video: { width: 1280, height: 720 },
    });
  });

  it.each([[{ marginMs: -1 }], [{ minSilenceMs: 1.5 }], [{ mode: 'trim' }]])(
    'refuses the options %j with a TypeError carrying the zod error',
    (options) => {
      // Act
      const failure = (() => {
        try {
          return planCuts({ durationMs: 1000, silences: [], options: options as never });
        } catch (error) {
          return error;
        }
      })();

      // Assess
      expect(failure).toBeInstanceOf(TypeError);
      expect((failure as TypeError).cause).toBeDefined();
    },
  );

  it('refuses a duration that is not a positive integer', () => {
    expect(() => planCuts({ durationMs: 0, silences: [] })).toThrow(TypeError);
  });

  it('never cuts a kept word, and always covers the timeline, on random transcripts', () => {
    // Prepare: a seeded generator, so a failure reproduces.
    let seed = 42;
    const random = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const vocabulary = ['the', 'a', 'plan', 'um', 'uh', 'yes', 'I'];

    for (let run = 0; run < 300; run += 1) {
      const durationMs = 5000 + Math.floor(random() * 20_000);
      const words: PlanWord[] = [];
      for (let atMs = Math.floor(random() * 800); atMs < durationMs - 100;) {
        const lengthMs = 1 + Math.floor(random() * 500);
        const text = vocabulary[Math.floor(random() * vocabulary.length)] as string;
        words.push(
          word(text, atMs, Math.min(durationMs, atMs + lengthMs), {
            filler: text === 'um' || text === 'uh',
          }),
        );
        atMs += lengthMs + Math.floor(random() * 2000) - 100;
      }
      const silences = Array.from({ length: Math.floor(random() * 8) }, () => {
        const startMs = Math.floor(random() * durationMs);
        return { startMs, endMs: Math.min(durationMs, startMs + Math.floor(random() * 4000)) };
      });
      const options = {
        marginMs: Math.floor(random() * 400),
        minKeepMs: Math.floor(random() * 1500),
        minCutMs: Math.floor(random() * 300),
      };

      // Act
      const plan = planCuts({ durationMs, silences, words, options });

      // Assess
      expect(validateCutPlan(plan)).toEqual(plan);
      const removed = new Set<PlanWord>();
      const spoken = words.filter(({ filler }) => !filler).sort((a, b) => a.startMs - b.startMs);
      for (const [index, current] of spoken.entries()) {
        const next = spoken[index + 1];
        if (next && next.text === current.text && next.startMs - current.endMs <= 1000)
          removed.add(current);
      }
      for (const kept of spoken.filter((candidate) => !removed.has(candidate))) {
        expect(cutOverlaps(plan, kept), `run ${run}: ${JSON.stringify(kept)}`).toBe(false);
      }
    }
  });
});
