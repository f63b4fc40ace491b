// Regenerates src/generated/tenant-settings.schema.json from the zod schema:
//   npx nx run tenant-settings:generate-schema
import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { format, resolveConfig } from 'prettier';
import { TENANT_SETTINGS_JSON_SCHEMA_PATH, tenantSettingsJsonSchema } from '../src/index';

const libRoot = resolve(import.meta.dirname, '..');
const outputPath = resolve(libRoot, TENANT_SETTINGS_JSON_SCHEMA_PATH);
// Formatted as `prettier --write` would, so formatting the repo never makes the file look stale.
const prettierConfig = await resolveConfig(outputPath);
const text = await format(JSON.stringify(tenantSettingsJsonSchema), {
  ...prettierConfig,
  filepath: outputPath,
});
await writeFile(outputPath, text);
console.log(`Wrote ${outputPath}`);
