import { renderOptionsSchema, type RenderOptionsInput } from '@reel/media-types';
import * as z from 'zod';

/**
 * A tenant's render defaults: a partial render-options document (@reel/media-types), every field
 * optional at every depth, unknown keys refused, and NO defaults filled in. What is stored is only
 * what the tenant chose, so a job's options merge over it with `mergeRenderOptionsInput` and the
 * platform's defaults fill the rest when the merged document is parsed with `renderOptionsSchema`.
 *
 * @example
 * renderDefaultsSchema.parse({ video: { crf: 18 } }); // → { video: { crf: 18 } } (no preset added)
 */
export const renderDefaultsSchema = strictPartialWithoutDefaults(renderOptionsSchema) as z.ZodType<
  RenderOptionsInput,
  RenderOptionsInput
>;

/** A tenant's render defaults (a partial render-options document). */
export type RenderDefaults = RenderOptionsInput;

/**
 * The object schema with each field optional and its default/prefault removed, nested objects
 * likewise (zod 4 has no deep partial); range checks, enums and descriptions are kept.
 */
function strictPartialWithoutDefaults(schema: z.ZodObject): z.ZodObject {
  const shape = Object.fromEntries(
    Object.entries(schema.shape).map(([key, field]) => [key, optionalWithoutDefault(field)]),
  );
  return z.strictObject(shape);
}

function optionalWithoutDefault(field: z.ZodType): z.ZodType {
  const { description } = field;
  let inner: z.ZodType = field;
  while (
    inner instanceof z.ZodDefault ||
    inner instanceof z.ZodPrefault ||
    inner instanceof z.ZodOptional
  ) {
    inner = inner.unwrap() as z.ZodType;
  }
  const bare = inner instanceof z.ZodObject ? strictPartialWithoutDefaults(inner) : inner;
  return (description === undefined ? bare : bare.describe(description)).optional();
}
