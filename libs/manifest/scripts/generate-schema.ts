// Regenerates src/generated/job-manifest.schema.json from the zod schema:
//   npx tsx --tsconfig libs/manifest/tsconfig.json libs/manifest/scripts/generate-schema.ts   (or: npx nx run manifest:generate-schema)
import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { format, resolveConfig } from 'prettier';
import {
  JOB_MANIFEST_JSON_SCHEMA_PATH,
  jobManifestJsonSchema,
} from '../src/job-manifest-json-schema';

const libRoot = resolve(import.meta.dirname, '..');
const outputPath = resolve(libRoot, JOB_MANIFEST_JSON_SCHEMA_PATH);
// Formatted as `prettier --write` would, so formatting the repo never makes the file look stale.
const prettierConfig = await resolveConfig(outputPath);
const text = await format(JSON.stringify(jobManifestJsonSchema), {
  ...prettierConfig,
  filepath: outputPath,
});
await writeFile(outputPath, text);
console.log(`Wrote ${outputPath}`);
