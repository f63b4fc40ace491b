// Regenerates src/generated/render-options.schema.json from the zod schema:
//   npx tsx --tsconfig libs/media-types/tsconfig.json libs/media-types/scripts/generate-schema.ts   (or: npx nx run media-types:generate-schema)
import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { format, resolveConfig } from 'prettier';
import { RENDER_OPTIONS_JSON_SCHEMA_PATH, renderOptionsJsonSchema } from '../src/index';

const libRoot = resolve(import.meta.dirname, '..');
const outputPath = resolve(libRoot, RENDER_OPTIONS_JSON_SCHEMA_PATH);
// Formatted as `prettier --write` would, so formatting the repo never makes the file look stale.
const prettierConfig = await resolveConfig(outputPath);
const text = await format(JSON.stringify(renderOptionsJsonSchema), {
  ...prettierConfig,
  filepath: outputPath,
});
await writeFile(outputPath, text);
console.log(`Wrote ${outputPath}`);
