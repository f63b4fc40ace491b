import {
  mergeRenderOptionsInput,
  parseOptionsDocument,
  renderOptionsSchema,
  type RenderOptions,
  type RenderOptionsInput,
} from '@reel/media-types';
import * as z from 'zod';

/**
 * The step's key of the workflow's `options`: `render`, a partial render-options document laid
 * over the tenant's render defaults and checked as a whole by {@link resolveRenderOptions} (so a
 * bad value is refused with the tenant's defaults in view). Other steps' keys are dropped.
 */
export const videoRenderEngineOptionsSchema = z.object({
  render: z.record(z.string(), z.unknown()).optional(),
});

export type VideoRenderEngineOptions = z.output<typeof videoRenderEngineOptionsSchema>;

/**
 * The job's render options over the tenant's defaults, parsed with `renderOptionsSchema`: every
 * default filled in, or an InvalidRequestError naming each bad field (before anything is read or
 * encoded).
 *
 * @example
 * resolveRenderOptions({ tenantDefaults: { video: { crf: 23 } }, jobOptions: { video: { preset: 'fast' } } });
 */
export function resolveRenderOptions({
  tenantDefaults,
  jobOptions,
}: {
  tenantDefaults: RenderOptionsInput | undefined;
  jobOptions: Record<string, unknown> | undefined;
}): RenderOptions {
  const merged = mergeRenderOptionsInput(tenantDefaults, jobOptions as RenderOptionsInput);
  return parseOptionsDocument(renderOptionsSchema, merged, {
    kind: 'render',
    advice:
      "Fix the render options (the job's `render` options over the tenant's render defaults); every field and its range is in the RenderOptions JSON Schema.",
  });
}
