import * as z from 'zod';
import { transcriptSchema } from './transcript-schema';

/** Where the checked-in copy of {@link transcriptJsonSchema} lives, relative to the lib root. */
export const TRANSCRIPT_JSON_SCHEMA_PATH = 'src/generated/transcript.schema.json';

/**
 * The JSON Schema (draft 2020-12) of `transcripts/transcript.json`, generated from
 * {@link transcriptSchema}: the shape only (the timeline checks of the zod schema are not
 * expressible in it). `src/generated/transcript.schema.json` is the same document, checked in and
 * kept current by a test.
 *
 * @example
 * new Ajv2020().compile(transcriptJsonSchema)(JSON.parse(text));
 */
export const transcriptJsonSchema = /* @__PURE__ */ z.toJSONSchema(transcriptSchema, {
  target: 'draft-2020-12',
  io: 'output',
});
