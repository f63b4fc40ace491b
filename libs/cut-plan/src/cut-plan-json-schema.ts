import * as z from 'zod';
import { cutPlanSchema } from './cut-plan-schema';

/** Where the checked-in copy of {@link cutPlanJsonSchema} lives, relative to the lib root. */
export const CUT_PLAN_JSON_SCHEMA_PATH = 'src/generated/cut-plan.schema.json';

/**
 * The JSON Schema (draft 2020-12) of a cut plan, generated from {@link cutPlanSchema}, for editors
 * and tools outside TypeScript. It checks fields and types; the timeline rules (segments in
 * order, no gap, no overlap, ending at the duration) are checked by `parseCutPlan` only.
 *
 * @example
 * new Ajv2020().compile(cutPlanJsonSchema)(JSON.parse(text));
 */
export const cutPlanJsonSchema = /* @__PURE__ */ z.toJSONSchema(cutPlanSchema, {
  target: 'draft-2020-12',
  io: 'output',
});
