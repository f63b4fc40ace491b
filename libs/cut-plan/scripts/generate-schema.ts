// Regenerates src/generated/cut-plan.schema.json from the zod schema:
//   npx tsx --tsconfig libs/cut-plan/tsconfig.json libs/cut-plan/scripts/generate-schema.ts   (or: npx nx run cut-plan:generate-schema)
import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { format, resolveConfig } from 'prettier';
import { CUT_PLAN_JSON_SCHEMA_PATH, cutPlanJsonSchema } from '../src/index';

const libRoot = resolve(import.meta.dirname, '..');
const outputPath = resolve(libRoot, CUT_PLAN_JSON_SCHEMA_PATH);
// Formatted as `prettier --write` would, so formatting the repo never makes the file look stale.
const prettierConfig = await resolveConfig(outputPath);
const text = await format(JSON.stringify(cutPlanJsonSchema), {
  ...prettierConfig,
  filepath: outputPath,
});
await writeFile(outputPath, text);
console.log(`Wrote ${outputPath}`);
