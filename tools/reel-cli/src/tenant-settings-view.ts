import type { Guardrails } from '@reel/ffmpeg-runtime';
import { renderOptionsSchema, transcodeOptionsSchema } from '@reel/media-types';
import type { TenantSettings } from '@reel/tenant-settings';
import { formatBytes, formatTable } from './format';

const limitFormats: Record<
  'maxBytes' | 'maxDurationSec' | 'maxPixels' | 'maxStreams',
  (value: number) => string
> = {
  maxBytes: formatBytes,
  maxDurationSec: (seconds) => `${seconds} s`,
  maxPixels: (pixels) => `${pixels} px`,
  maxStreams: String,
};

/**
 * A tenant's settings for a person: where they come from, each guardrail as the validate step will
 * apply it (the tenant's value or the platform's), then the render and ladder defaults (the
 * tenant's choices over the schema's defaults; on AWS the platform's SSM ladder parameter, which
 * the CLI does not read, lies between them), branding and webhook.
 */
export function describeTenantSettings(
  settings: TenantSettings,
  { effective, platform }: { effective: Guardrails; platform: Readonly<Guardrails> },
): string {
  const origin =
    settings.version === 0
      ? 'no settings stored: the defaults'
      : `version ${settings.version}, updated ${settings.updatedAt ?? '?'}`;
  const source = (name: keyof Guardrails) =>
    settings.guardrails[name] === undefined ? 'platform' : 'tenant';
  const limitRows = (Object.keys(limitFormats) as Array<keyof typeof limitFormats>).map((name) => [
    name,
    limitFormats[name](effective[name]),
    source(name),
    ...(source(name) === 'tenant' ? [`(platform ${limitFormats[name](platform[name])})`] : []),
  ]);
  const listRows = (
    [
      'allowedContainers',
      'allowedVideoCodecs',
      'allowedAudioCodecs',
      'allowedSubtitleCodecs',
    ] as const
  ).map((name) => [
    name,
    source(name) === 'tenant' ? effective[name].join(', ') : `${platform[name].length} names`,
    source(name),
  ]);
  const { render, ladder, branding, webhookUrl } = settings;
  const brandingRows = Object.entries(branding).map(([name, key]) => [name, key ?? '']);
  const { video, subtitles } = renderOptionsSchema.parse(render);
  const renderChoices = leafPaths(render);
  const { rungs, segmentDurationSec } = transcodeOptionsSchema.parse(ladder);
  const ladderChoices = leafPaths(ladder);
  return [
    `Tenant ${settings.tenantId} in env ${settings.env} (${origin})`,
    '',
    'Guardrails (a tenant can only tighten the platform)',
    formatTable([...limitRows, ...listRows]),
    '',
    formatTable(
      [
        [
          'Render',
          `H.264 CRF ${video.crf}, preset ${video.preset}, up to ${video.maxHeight}p, subtitles ${subtitles.mode} (${renderChoices.length === 0 ? 'platform defaults' : `tenant: ${renderChoices.join(', ')}`})`,
        ],
        [
          'Ladder',
          `${rungs.map((height) => `${height}p`).join(' / ')}, ${segmentDurationSec} s segments (${ladderChoices.length === 0 ? 'platform defaults' : `tenant: ${ladderChoices.join(', ')}`})`,
        ],
        ['Webhook', webhookUrl ?? 'none'],
        brandingRows.length === 0 ? ['Branding', 'none'] : ['Branding'],
      ],
      '',
    ),
    ...(brandingRows.length === 0 ? [] : [formatTable(brandingRows)]),
  ].join('\n');
}

/** `video.crf=18`-style entries for what a partial render-options document sets. */
function leafPaths(value: object, prefix = ''): string[] {
  return Object.entries(value).flatMap(([key, child]: [string, unknown]) =>
    typeof child === 'object' && child !== null && !Array.isArray(child)
      ? Object.keys(child).length === 0
        ? [`${prefix}${key}`]
        : leafPaths(child, `${prefix}${key}.`)
      : [`${prefix}${key}=${String(child)}`],
  );
}
