import { describe, expect, it } from 'vitest';
import { migrateTenantSettings } from './migrate-tenant-settings';
import { tenantSettingsSchema } from './tenant-settings-schema';

/** A version-1 document as the stores wrote it (render defaults complete and flat). */
const storedV1 = {
  schemaVersion: 1,
  env: 'dev',
  tenantId: 'acme',
  version: 3,
  updatedAt: '2026-11-01T10:00:00.000Z',
  guardrails: { maxDurationSec: 1800 },
  render: { videoCodec: 'hevc', crf: 18, preset: 'medium', maxHeight: 720, subtitles: 'burn' },
  ladder: { rungs: [1080, 720, 480], segmentDurationSec: 6 },
  branding: { watermarkKey: 'dev/acme/branding/logo.png' },
};

describe('Function: migrateTenantSettings', () => {
  it('moves version 1 render defaults into render options and the document to version 2', () => {
    // Act
    const migrated = tenantSettingsSchema.parse(migrateTenantSettings(storedV1));

    // Assess
    expect(migrated).toEqual({
      ...storedV1,
      schemaVersion: 2,
      render: { video: { crf: 18, maxHeight: 720 }, subtitles: { mode: 'burn' } },
    });
  });

  it('drops values equal to version 1 defaults, so the platform render defaults apply', () => {
    // Prepare
    const untouched = {
      ...storedV1,
      render: {
        videoCodec: 'h264',
        crf: 23,
        preset: 'medium',
        maxHeight: 1080,
        subtitles: 'sidecar',
      },
    };

    // Act
    const migrated = tenantSettingsSchema.parse(migrateTenantSettings(untouched));

    // Assess
    expect(migrated.render).toEqual({});
  });

  it('leaves a current or unknown version for the schema to judge', () => {
    // Prepare
    const future = { ...storedV1, schemaVersion: 3 };

    // Act
    const result = migrateTenantSettings(future);

    // Assess
    expect(result).toBe(future);
    expect(tenantSettingsSchema.safeParse(result).success).toBe(false);
  });
});
