import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CUT_PLAN_JSON_SCHEMA_PATH, cutPlanJsonSchema } from './cut-plan-json-schema';
import { CUT_PLAN_SCHEMA_VERSION } from './cut-plan-schema';

const checkedInPath = resolve(import.meta.dirname, '..', CUT_PLAN_JSON_SCHEMA_PATH);

describe('Constant: cutPlanJsonSchema', () => {
  it('matches the checked-in src/generated/cut-plan.schema.json', async () => {
    // Act
    const checkedIn: unknown = JSON.parse(await readFile(checkedInPath, 'utf8'));

    // Assess
    expect(
      checkedIn,
      `${CUT_PLAN_JSON_SCHEMA_PATH} is out of date with the zod schema. Regenerate it with ` +
        '`npx tsx --tsconfig libs/cut-plan/tsconfig.json libs/cut-plan/scripts/generate-schema.ts` (or `npx nx run cut-plan:generate-schema`) and commit it.',
    ).toEqual(cutPlanJsonSchema);
  });

  it('is a draft 2020-12 schema that pins schemaVersion and requires the plan’s parts', () => {
    expect(cutPlanJsonSchema).toMatchObject({
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      title: 'CutPlan',
      type: 'object',
      properties: {
        schemaVersion: { const: CUT_PLAN_SCHEMA_VERSION },
        segments: {
          type: 'array',
          minItems: 1,
          items: {
            properties: {
              action: { enum: ['keep', 'cut'] },
              reason: { enum: ['silence', 'filler', 'repeat'] },
            },
          },
        },
      },
    });
    expect(cutPlanJsonSchema.required).toEqual(
      expect.arrayContaining(['schemaVersion', 'source', 'mode', 'options', 'segments']),
    );
  });
});
