import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TRANSCRIPT_JSON_SCHEMA_PATH, transcriptJsonSchema } from './transcript-json-schema';
import { TRANSCRIPT_SCHEMA_VERSION } from './transcript-schema';

const checkedInPath = resolve(import.meta.dirname, '..', TRANSCRIPT_JSON_SCHEMA_PATH);

describe('Constant: transcriptJsonSchema', () => {
  it('matches the checked-in src/generated/transcript.schema.json', async () => {
    // Act
    const checkedIn: unknown = JSON.parse(await readFile(checkedInPath, 'utf8'));

    // Assess
    expect(
      checkedIn,
      `${TRANSCRIPT_JSON_SCHEMA_PATH} is out of date with the zod schema. Regenerate it with ` +
        '`npx tsx --tsconfig libs/transcript/tsconfig.json libs/transcript/scripts/generate-schema.ts` (or `npx nx run transcript:generate-schema`) and commit it.',
    ).toEqual(transcriptJsonSchema);
  });

  it('is a draft 2020-12 schema that pins schemaVersion and requires every top-level field', () => {
    expect(transcriptJsonSchema).toMatchObject({
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      title: 'Transcript',
      type: 'object',
      properties: { schemaVersion: { const: TRANSCRIPT_SCHEMA_VERSION } },
    });
    expect(transcriptJsonSchema.required).toEqual(
      expect.arrayContaining([
        'schemaVersion',
        'provider',
        'language',
        'durationMs',
        'words',
        'segments',
      ]),
    );
  });
});
