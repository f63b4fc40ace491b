import * as z from 'zod';
import { renderOptionsSchema } from './render-options';

/** Where the checked-in copy of {@link renderOptionsJsonSchema} lives, relative to the lib root. */
export const RENDER_OPTIONS_JSON_SCHEMA_PATH = 'src/generated/render-options.schema.json';

/**
 * The JSON Schema (draft 2020-12) of render options as users write them (`--options`, a tenant's
 * render defaults), generated from {@link renderOptionsSchema}: every field optional, with its
 * default, range and meaning, unknown keys refused. For editors and tools outside TypeScript.
 *
 * @example
 * new Ajv2020().compile(renderOptionsJsonSchema)({ subtitles: { mode: 'burn' } }); // → true
 */
export const renderOptionsJsonSchema = /* @__PURE__ */ z.toJSONSchema(renderOptionsSchema, {
  target: 'draft-2020-12',
  io: 'input',
});
