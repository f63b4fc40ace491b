// Regenerates src/generated/transcript.schema.json from the zod schema:
//   npx tsx --tsconfig libs/transcript/tsconfig.json libs/transcript/scripts/generate-schema.ts   (or: npx nx run transcript:generate-schema)
import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { format, resolveConfig } from 'prettier';
import { TRANSCRIPT_JSON_SCHEMA_PATH, transcriptJsonSchema } from '../src/index';

const libRoot = resolve(import.meta.dirname, '..');
const outputPath = resolve(libRoot, TRANSCRIPT_JSON_SCHEMA_PATH);
// Formatted as `prettier --write` would, so formatting the repo never makes the file look stale.
const prettierConfig = await resolveConfig(outputPath);
const text = await format(JSON.stringify(transcriptJsonSchema), {
  ...prettierConfig,
  filepath: outputPath,
});
await writeFile(outputPath, text);
console.log(`Wrote ${outputPath}`);
