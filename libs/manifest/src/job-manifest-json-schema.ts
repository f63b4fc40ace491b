import * as z from 'zod';
import { jobManifestSchema } from './job-manifest-schema';

/** Where the checked-in copy of {@link jobManifestJsonSchema} lives, relative to the lib root. */
export const JOB_MANIFEST_JSON_SCHEMA_PATH = 'src/generated/job-manifest.schema.json';

/**
 * The JSON Schema (draft 2020-12) of a stored manifest, generated from {@link jobManifestSchema}.
 * Tools outside TypeScript validate `manifest.json` with it; `src/generated/job-manifest.schema.json`
 * is the same document, checked in and kept current by a test.
 *
 * @example
 * new Ajv2020().compile(jobManifestJsonSchema)(JSON.parse(text));
 */
export const jobManifestJsonSchema = z.toJSONSchema(jobManifestSchema, {
  target: 'draft-2020-12',
  io: 'output',
});
