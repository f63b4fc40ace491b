import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  TENANT_SETTINGS_JSON_SCHEMA_PATH,
  tenantSettingsJsonSchema,
} from './tenant-settings-json-schema';

const checkedInPath = resolve(import.meta.dirname, '..', TENANT_SETTINGS_JSON_SCHEMA_PATH);

describe('Constant: tenantSettingsJsonSchema', () => {
  it('matches the checked-in src/generated/tenant-settings.schema.json', async () => {
    // Act
    const checkedIn: unknown = JSON.parse(await readFile(checkedInPath, 'utf8'));

    // Assess
    expect(
      checkedIn,
      `${TENANT_SETTINGS_JSON_SCHEMA_PATH} is out of date with the zod schema. Regenerate it with ` +
        '`npx nx run tenant-settings:generate-schema` and commit it.',
    ).toEqual(tenantSettingsJsonSchema);
  });

  it('pins schema version 2 and describes render defaults as optional render options', () => {
    // Prepare
    const properties = tenantSettingsJsonSchema.properties as Record<
      string,
      Record<string, unknown>
    >;
    const render = properties.render as {
      properties: Record<string, { properties?: Record<string, unknown>; required?: string[] }>;
      required?: string[];
      additionalProperties: boolean;
    };

    // Assess
    expect(properties.schemaVersion).toMatchObject({ const: 2 });
    expect(render.additionalProperties).toBe(false);
    expect(render.required).toBeUndefined();
    expect(render.properties.video?.properties?.crf).toMatchObject({ minimum: 0, maximum: 51 });
    expect(render.properties.video?.required).toBeUndefined();
    expect(render.properties.video?.properties?.crf).not.toHaveProperty('default');
  });
});
