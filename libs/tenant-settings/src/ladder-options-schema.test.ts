import { transcodeOptionsSchema } from '@reel/media-types';
import { describe, expect, it } from 'vitest';
import { defaultTenantSettings } from './default-tenant-settings';
import { ladderDefaultsSchema, ladderOptionsSchema } from './ladder-options-schema';
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
    const tenant = ladderDefaultsSchema.parse({ rungs: [1080, 720], segmentDurationSec: 6 });

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

describe('Schema: ladderDefaultsSchema', () => {
  it('accepts a document stored before the transcoder (rungs and segment length only)', () => {
    // Act
    const parsed = tenantSettingsSchema.parse({
      ...defaults,
      version: 3,
      ladder: { rungs: [720], segmentDurationSec: 4 },
    });

    // Assess
    expect(parsed.ladder).toEqual({ rungs: [720], segmentDurationSec: 4 });
  });

  it('keeps the new transcode fields a tenant chooses, and only those', () => {
    // Act
    const parsed = tenantSettingsSchema.parse({
      ...defaults,
      ladder: { ...defaults.ladder, thumbnailIntervalSec: 5, lowestRungFirst: false },
    });

    // Assess
    expect(parsed.ladder).toEqual({
      rungs: [1080, 720, 480],
      segmentDurationSec: 6,
      thumbnailIntervalSec: 5,
      lowestRungFirst: false,
    });
  });

  it('still requires rungs and segment length, and refuses an unknown ladder field', () => {
    // Act
    const missing = ladderDefaultsSchema.safeParse({ rungs: [720] });
    const unknown = ladderDefaultsSchema.safeParse({ ...defaults.ladder, codec: 'hevc' });

    // Assess
    expect(missing.success ? [] : missing.error.issues.map(({ path }) => path.join('.'))).toEqual([
      'segmentDurationSec',
    ]);
    expect(unknown.success).toBe(false);
  });
});
