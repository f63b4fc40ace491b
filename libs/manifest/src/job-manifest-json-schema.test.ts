import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { JOB_MANIFEST_JSON_SCHEMA_PATH, jobManifestJsonSchema } from './job-manifest-json-schema';
import { MANIFEST_SCHEMA_VERSION } from './job-manifest-schema';

const checkedInPath = resolve(import.meta.dirname, '..', JOB_MANIFEST_JSON_SCHEMA_PATH);

describe('Constant: jobManifestJsonSchema', () => {
  it('matches the checked-in src/generated/job-manifest.schema.json', async () => {
    // Act
    const checkedIn: unknown = JSON.parse(await readFile(checkedInPath, 'utf8'));

    // Assess
    expect(
      checkedIn,
      `${JOB_MANIFEST_JSON_SCHEMA_PATH} is out of date with the zod schema. Regenerate it with ` +
        '`npx tsx --tsconfig libs/manifest/tsconfig.json libs/manifest/scripts/generate-schema.ts` (or `npx nx run manifest:generate-schema`) and commit it.',
    ).toEqual(jobManifestJsonSchema);
  });

  it('is a draft 2020-12 schema that pins schemaVersion, requires the core fields and leaves input optional', () => {
    expect(jobManifestJsonSchema).toMatchObject({
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      title: 'JobManifest',
      type: 'object',
      properties: { schemaVersion: { const: MANIFEST_SCHEMA_VERSION } },
    });
    expect(jobManifestJsonSchema.required).toEqual(
      expect.arrayContaining(['schemaVersion', 'tenantId', 'jobId', 'version', 'status', 'steps']),
    );
    // A job the video API creates before its upload has no input yet (awaiting_upload).
    expect(jobManifestJsonSchema.required).not.toContain('input');
    expect(jobManifestJsonSchema).toMatchObject({
      properties: { status: { enum: expect.arrayContaining(['awaiting_upload']) } },
    });
  });
});
