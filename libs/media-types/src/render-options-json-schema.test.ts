import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  RENDER_OPTIONS_JSON_SCHEMA_PATH,
  renderOptionsJsonSchema,
} from './render-options-json-schema';

const checkedInPath = resolve(import.meta.dirname, '..', RENDER_OPTIONS_JSON_SCHEMA_PATH);

describe('Constant: renderOptionsJsonSchema', () => {
  it('matches the checked-in src/generated/render-options.schema.json', async () => {
    // Act
    const checkedIn: unknown = JSON.parse(await readFile(checkedInPath, 'utf8'));

    // Assess
    expect(
      checkedIn,
      `${RENDER_OPTIONS_JSON_SCHEMA_PATH} is out of date with the zod schema. Regenerate it with ` +
        '`npx tsx --tsconfig libs/media-types/tsconfig.json libs/media-types/scripts/generate-schema.ts` (or `npx nx run media-types:generate-schema`) and commit it.',
    ).toEqual(renderOptionsJsonSchema);
  });

  it('is a draft 2020-12 schema of optional fields with their defaults, closed to unknown keys', () => {
    expect(renderOptionsJsonSchema).toMatchObject({
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      title: 'RenderOptions',
      type: 'object',
      additionalProperties: false,
      properties: {
        video: { properties: { crf: { minimum: 0, maximum: 51, default: 20 } } },
        chunking: { properties: { onePassMaxSec: { default: 300 } } },
        watermark: { properties: { asset: { pattern: expect.stringContaining('[A-Za-z0-9]') } } },
      },
    });
    expect(renderOptionsJsonSchema).not.toHaveProperty('required');
  });
});
