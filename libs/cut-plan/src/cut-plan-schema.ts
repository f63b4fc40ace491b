import * as z from 'zod';
import { cutPlanModes, cutPlanOptionsSchema } from './cut-plan-options';
import { frameRateSchema } from './frame-rate';

/** The cut plan layout this code writes and reads; a breaking change bumps it. */
export const CUT_PLAN_SCHEMA_VERSION = 1;

export const cutActions = ['keep', 'cut'] as const;
export type CutAction = (typeof cutActions)[number];

/** Why the planner proposed a cut. */
export const cutReasons = ['silence', 'filler', 'repeat'] as const;
export type CutReason = (typeof cutReasons)[number];

const milliseconds = z.number().int().nonnegative();

/** One stretch of the source timeline and what happens to it. */
export const cutPlanSegmentSchema = z.object({
  startMs: milliseconds.describe('Where the segment starts on the source timeline'),
  endMs: milliseconds.describe('Where it ends (exclusive): the next segment starts here'),
  action: z.enum(cutActions),
  reason: z
    .enum(cutReasons)
    .optional()
    .describe('Why it is (or was proposed to be) cut; absent on keeps and hand-made cuts'),
  confidence: z
    .number()
    .min(0)
    .max(1)
    .optional()
    .describe('0–1: how sure the planner is the cut removes nothing wanted'),
});

export const cutPlanSourceSchema = z.object({
  name: z.string().min(1).max(255).optional().describe('File name of the source, for exports'),
  durationMs: z.number().int().positive().describe('Length of the timeline the segments cover'),
  frameRate: frameRateSchema.describe('Timecode rate of the exports (EDL, FCPXML)'),
  video: z
    .object({ width: z.number().int().positive(), height: z.number().int().positive() })
    .optional()
    .describe('Present when the source has a picture'),
});

/**
 * The cut plan: an ordered list of keep/cut segments covering the source timeline
 * `[0, source.durationMs]` with no gap or overlap, the settings that made it, and whether cuts
 * are removed (`cut`), silenced (`mute`) or sped up (`speed`). It is a document users edit and render again:
 * read it with `parseCutPlan`, which also checks the coverage.
 *
 * @example
 * const plan = parseCutPlan(await readFile('cut-plan.json', 'utf8'));
 */
export const cutPlanSchema = z
  .object({
    schemaVersion: z.literal(CUT_PLAN_SCHEMA_VERSION),
    source: cutPlanSourceSchema,
    mode: z.enum(cutPlanModes),
    options: cutPlanOptionsSchema,
    usedTranscript: z
      .boolean()
      .describe('False when the plan was made from silences alone (no fillers or repeats)'),
    segments: z.array(cutPlanSegmentSchema).min(1),
  })
  .meta({
    title: 'CutPlan',
    description:
      'A reel cut plan: keep/cut segments covering the whole source timeline, editable and re-renderable.',
  });

export type CutPlan = z.infer<typeof cutPlanSchema>;
export type CutPlanSegment = z.infer<typeof cutPlanSegmentSchema>;
export type CutPlanSource = z.infer<typeof cutPlanSourceSchema>;
