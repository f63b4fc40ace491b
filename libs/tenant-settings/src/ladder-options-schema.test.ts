import { transcodeOptionsSchema } from '@reel/media-types';
import { describe, expect, it } from 'vitest';
import { defaultTenantSettings } from './default-tenant-settings';
import { ladderOptionsSchema } from './ladder-options-schema';
import { tenantSettingsSchema } from './tenant-settings-schema';

const defaults = defaultTenantSettings({ env: 'dev', tenantId: 'acme' });

describe('Schema: ladderOptionsSchema', () => {
  it('keeps only the fields given: no transcode defaults filled in', () => {
    // Act
    const parsed = ladderOptionsSchema.parse({ rungs: [720, 480], loudnessTarget: 'podcast' });

    // Assess
    expect(parsed).toEqual({ rungs: [720, 480], loudnessTarget: 'podcast' });
    expect(ladderOptionsSchema.parse({})).toEqual({});
  });

  it('checks every field with the transcode options’ own ranges and refuses unknown keys', () => {
    // Act
    const result = ladderOptionsSchema.safeParse({
      segmentDurationSec: 0,
      thumbnailIntervalSec: 0.5,
      x264Preset: 'placebo',
      loudnessTarget: -60,
      rungs: [480, 720],
      bitrate: 5000,
    });

    // Assess
    const paths = result.success ? [] : result.error.issues.map(({ path }) => path.join('.'));
    expect(paths.sort()).toEqual([
      '',
      'loudnessTarget',
      'rungs',
      'segmentDurationSec',
      'thumbnailIntervalSec',
      'x264Preset',
    ]);
  });

  it('lays platform, tenant and job choices over each other into complete transcode options', () => {
    // Prepare
    const platform = ladderOptionsSchema.parse({ rungs: [720, 480], retentionHours: 24 });
    const tenant = ladderOptionsSchema.parse({ rungs: [1080, 720], segmentDurationSec: 6 });

    // Act
    const options = transcodeOptionsSchema.parse({ ...platform, ...tenant, x264Preset: 'faster' });

    // Assess
    expect(options).toEqual({
      ...transcodeOptionsSchema.parse({}),
      rungs: [1080, 720],
      segmentDurationSec: 6,
      retentionHours: 24,
      x264Preset: 'faster',
    });
  });
});

describe('Schema: tenantSettingsSchema.ladder', () => {
  it('lets the platform ladder decide rungs and segment length for a tenant that chose none', () => {
    // Prepare: a tenant with nothing stored, and one that stored other settings only
    const stored = tenantSettingsSchema.parse({
      ...defaults,
      version: 2,
      webhookUrl: 'https://a.example/h',
    });
    const platform = ladderOptionsSchema.parse({ rungs: [720, 480], segmentDurationSec: 2 });

    // Act
    const withPlatform = transcodeOptionsSchema.parse({ ...platform, ...stored.ladder });
    const schemaOnly = transcodeOptionsSchema.parse({ ...defaults.ladder });

    // Assess
    expect(defaults.ladder).toEqual({});
    expect(stored.ladder).toEqual({});
    expect(withPlatform).toMatchObject({ rungs: [720, 480], segmentDurationSec: 2 });
    expect(schemaOnly).toMatchObject({ rungs: [1080, 720, 480], segmentDurationSec: 4 });
  });

  it('keeps a stored document that holds rungs and segment length, and the tenant keeps them', () => {
    // Prepare
    const platform = ladderOptionsSchema.parse({ rungs: [480], segmentDurationSec: 2 });

    // Act
    const parsed = tenantSettingsSchema.parse({
      ...defaults,
      version: 3,
      ladder: { rungs: [720], segmentDurationSec: 6 },
    });
    const options = transcodeOptionsSchema.parse({ ...platform, ...parsed.ladder });

    // Assess
    expect(parsed.ladder).toEqual({ rungs: [720], segmentDurationSec: 6 });
    expect(options).toMatchObject({ rungs: [720], segmentDurationSec: 6 });
  });

  it('keeps the transcode fields a tenant chooses, and only those', () => {
    // Act
    const parsed = tenantSettingsSchema.parse({
      ...defaults,
      ladder: { thumbnailIntervalSec: 5, lowestRungFirst: false },
    });

    // Assess
    expect(parsed.ladder).toEqual({ thumbnailIntervalSec: 5, lowestRungFirst: false });
  });

  it('refuses an unknown ladder field and a bad value', () => {
    // Act
    const paths = (ladder: unknown) => {
      const result = tenantSettingsSchema.safeParse({ ...defaults, ladder });
      return result.success ? [] : result.error.issues.map(({ path }) => path.join('.'));
    };

    // Assess
    expect(paths({ codec: 'hevc' })).toEqual(['ladder']);
    expect(paths({ segmentDurationSec: 0 })).toEqual(['ladder.segmentDurationSec']);
  });
});
