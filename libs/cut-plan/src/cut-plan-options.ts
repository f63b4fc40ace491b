import * as z from 'zod';

/**
 * What a render does with the cut segments: remove them (`cut`), silence them and keep the
 * duration (`mute`), or play them faster (`speed`, the factor is a render option). The render
 * option `mode` overrides the plan's.
 */
export const cutPlanModes = ['cut', 'mute', 'speed'] as const;
export type CutPlanMode = (typeof cutPlanModes)[number];

/** The defaults of {@link planCutsOptionsSchema}; the README explains each choice. */
export const DEFAULT_CUT_PLAN_OPTIONS = {
  minSilenceMs: 700,
  silenceThresholdDb: -35,
  marginMs: 200,
  minKeepMs: 500,
  minCutMs: 150,
  maxRepeatGapMs: 1000,
} as const;

const fields = {
  minSilenceMs: z
    .number()
    .int()
    .min(100)
    .max(60_000)
    .describe('Silences at least this long are cut (minus the margins)'),
  silenceThresholdDb: z
    .number()
    .min(-90)
    .max(-1)
    .describe('Audio below this level (dBFS) counts as silence for silencedetect'),
  marginMs: z
    .number()
    .int()
    .min(0)
    .max(2000)
    .describe('Audio kept on each side of a cut silence, so speech edges are not clipped'),
  minKeepMs: z
    .number()
    .int()
    .min(0)
    .max(10_000)
    .describe('A kept stretch shorter than this between cuts, holding no word, is cut too'),
  minCutMs: z
    .number()
    .int()
    .min(0)
    .max(10_000)
    .describe('A run of cuts shorter than this is kept instead'),
  maxRepeatGapMs: z
    .number()
    .int()
    .min(0)
    .max(10_000)
    .describe('Two equal words further apart than this are not a repeat'),
};

/** The settings a plan was made with, recorded in the plan (all present). */
export const cutPlanOptionsSchema = z.object(fields);
export type CutPlanOptions = z.infer<typeof cutPlanOptionsSchema>;

/**
 * What `planCuts` (and the smart-cut-planner's `options.cutPlan`) accept: every setting optional,
 * defaults from {@link DEFAULT_CUT_PLAN_OPTIONS}, mode `cut`. Unknown keys are dropped.
 *
 * @example
 * planCutsOptionsSchema.parse({ marginMs: 150 }); // → { minSilenceMs: 700, …, marginMs: 150, mode: 'cut' }
 */
export const planCutsOptionsSchema = z.object({
  minSilenceMs: fields.minSilenceMs.default(DEFAULT_CUT_PLAN_OPTIONS.minSilenceMs),
  silenceThresholdDb: fields.silenceThresholdDb.default(
    DEFAULT_CUT_PLAN_OPTIONS.silenceThresholdDb,
  ),
  marginMs: fields.marginMs.default(DEFAULT_CUT_PLAN_OPTIONS.marginMs),
  minKeepMs: fields.minKeepMs.default(DEFAULT_CUT_PLAN_OPTIONS.minKeepMs),
  minCutMs: fields.minCutMs.default(DEFAULT_CUT_PLAN_OPTIONS.minCutMs),
  maxRepeatGapMs: fields.maxRepeatGapMs.default(DEFAULT_CUT_PLAN_OPTIONS.maxRepeatGapMs),
  mode: z.enum(cutPlanModes).default('cut'),
});
export type PlanCutsOptions = z.input<typeof planCutsOptionsSchema>;
export type ResolvedPlanCutsOptions = z.output<typeof planCutsOptionsSchema>;
