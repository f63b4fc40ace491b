import { mergeRenderOptionsInput, renderOptionsSchema } from '@reel/media-types';
import { describe, expect, it } from 'vitest';
import { defaultTenantSettings } from './default-tenant-settings';
import { tenantSettingsSchema } from './tenant-settings-schema';

const defaults = defaultTenantSettings({ env: 'dev', tenantId: 'acme' });

function issuePaths(document: unknown): string[] {
  const parsed = tenantSettingsSchema.safeParse(document);
  return parsed.success ? [] : parsed.error.issues.map((issue) => issue.path.join('.'));
}

describe('Schema: tenantSettingsSchema', () => {
  it('accepts the defaults: version 0, no render choices, no ladder choices', () => {
    // Act
    const parsed = tenantSettingsSchema.parse(defaults);

    // Assess
    expect(parsed).toMatchObject({
      version: 0,
      guardrails: {},
      render: {},
      ladder: {},
      branding: {},
    });
  });

  it.each([
    ['http://hooks.example.com/reel', 'plain http'],
    ['ftp://hooks.example.com/reel', 'another scheme'],
    ['https://user:secret@hooks.example.com/reel', 'credentials in the URL'],
    ['not a url', 'no URL at all'],
  ])('refuses the webhook URL %s (%s)', (webhookUrl) => {
    // Act
    const paths = issuePaths({ ...defaults, webhookUrl });

    // Assess
    expect(paths).toEqual(['webhookUrl']);
  });

  it('accepts an https webhook URL', () => {
    // Act
    const paths = issuePaths({ ...defaults, webhookUrl: 'https://hooks.example.com/reel?x=1' });

    // Assess
    expect(paths).toEqual([]);
  });

  it.each([
    ['dev/other/branding/logo.png', "another tenant's folder"],
    ['prod/acme/branding/logo.png', 'another env'],
    ['dev/acme/ep-1/input/logo.png', 'a job folder'],
    ['dev/acme/branding/../ep-1/x.png', 'a climb out of the folder'],
    ['dev/acme/branding/', 'the folder itself'],
  ])('refuses a branding key in %s (%s)', (logoKey) => {
    // Act
    const paths = issuePaths({ ...defaults, branding: { logoKey } });

    // Assess
    expect(paths).toEqual(['branding.logoKey']);
  });

  it('accepts branding keys under {env}/{tenantId}/branding/', () => {
    // Act
    const paths = issuePaths({
      ...defaults,
      branding: {
        logoKey: 'dev/acme/branding/logo.png',
        introKey: 'dev/acme/branding/intro/v2.mp4',
      },
    });

    // Assess
    expect(paths).toEqual([]);
  });

  it.each([
    [[720, 1080], 'shortest first'],
    [[1080, 1080, 720], 'a repeated rung'],
    [[], 'no rungs'],
    [[1080, 100], 'a rung under 144p'],
  ])('refuses the ladder %j (%s)', (rungs) => {
    // Act
    const paths = issuePaths({ ...defaults, ladder: { ...defaults.ladder, rungs } });

    // Assess
    expect(paths[0]).toMatch(/^ladder\.rungs/);
  });

  it('refuses unknown fields so a typo never silently keeps a default', () => {
    // Act
    const paths = issuePaths({
      ...defaults,
      guardrails: { maxDurationSecs: 60 },
      render: { video: { codec: 'vp9' } },
    });

    // Assess
    expect(paths).toEqual(['guardrails', 'render.video']);
  });

  it('refuses a render CRF outside 0–51 and an unknown subtitle mode', () => {
    // Act
    const paths = issuePaths({
      ...defaults,
      render: { video: { crf: 52 }, subtitles: { mode: 'embed' } },
    });

    // Assess
    expect(paths.sort()).toEqual(['render.subtitles.mode', 'render.video.crf']);
  });

  it('keeps render defaults partial: only what the tenant chose, no defaults filled in', () => {
    // Act
    const parsed = tenantSettingsSchema.parse({
      ...defaults,
      render: { video: { crf: 18 }, watermark: { opacity: 0.5 }, transition: {} },
    });

    // Assess
    expect(parsed.render).toEqual({
      video: { crf: 18 },
      watermark: { opacity: 0.5 },
      transition: {},
    });
  });

  it('merges a job over the tenant render defaults into complete render options', () => {
    // Prepare
    const tenant = tenantSettingsSchema.parse({
      ...defaults,
      render: { video: { crf: 18, preset: 'fast' }, subtitles: { mode: 'burn' } },
    });

    // Act
    const options = renderOptionsSchema.parse(
      mergeRenderOptionsInput(tenant.render, { video: { preset: 'ultrafast' } }),
    );

    // Assess
    expect(options.video).toEqual({ crf: 18, preset: 'ultrafast', maxHeight: 1080 });
    expect(options.subtitles.mode).toBe('burn');
    expect(options.watermark.position).toBe('top-right');
  });
});
