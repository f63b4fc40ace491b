import { renderOptionsSchema, type RenderOptionsInput } from '@reel/media-types';
import type * as z from 'zod';
import { strictPartialWithoutDefaults } from './strict-partial-without-defaults';

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
