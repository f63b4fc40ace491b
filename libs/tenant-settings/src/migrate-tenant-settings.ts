/**
 * Version 1's render defaults: a flat, complete document. Version 2 stores a partial render-options
 * document (@reel/media-types) instead.
 */
interface RenderDefaultsV1 {
  videoCodec?: unknown;
  crf?: unknown;
  preset?: unknown;
  maxHeight?: unknown;
  subtitles?: unknown;
}

/**
 * What version 1 filled in for every tenant. Nothing rendered with them (the render engine came
 * with version 2), so a stored value equal to one of them is not a choice the tenant made; it is
 * dropped and the platform's measured render defaults apply.
 */
const V1_DEFAULTS: Readonly<Record<string, unknown>> = {
  crf: 23,
  preset: 'medium',
  maxHeight: 1080,
  subtitles: 'sidecar',
};

/**
 * Brings a stored tenant settings document to the current shape before it is validated: version 1
 * → 2 moves `render.crf|preset|maxHeight` to `render.video.*` and `render.subtitles` to
 * `render.subtitles.mode`, drops `render.videoCodec` (renders are H.264) and every value equal to
 * version 1's defaults. Documents of other versions (or not documents at all) come back unchanged,
 * for the schema to accept or refuse.
 *
 * @example
 * migrateTenantSettings({ schemaVersion: 1, render: { videoCodec: 'h264', crf: 18, preset: 'medium',
 *   maxHeight: 720, subtitles: 'burn' }, … });
 * // → { schemaVersion: 2, render: { video: { crf: 18, maxHeight: 720 }, subtitles: { mode: 'burn' } }, … }
 */
export function migrateTenantSettings(document: unknown): unknown {
  if (!isRecord(document) || document.schemaVersion !== 1) return document;
  return { ...document, schemaVersion: 2, render: migrateRenderV1(document.render) };
}

function migrateRenderV1(render: unknown): unknown {
  if (!isRecord(render)) return render;
  // videoCodec is left behind: renders are H.264 only.
  const { crf, preset, maxHeight, subtitles } = render as RenderDefaultsV1;
  const video = { crf, preset, maxHeight };
  const chosen = (field: string, value: unknown) =>
    value !== undefined && V1_DEFAULTS[field] !== value;
  const videoChoices = Object.fromEntries(
    Object.entries(video).filter(([field, value]) => chosen(field, value)),
  );
  return {
    ...(Object.keys(videoChoices).length === 0 ? {} : { video: videoChoices }),
    ...(chosen('subtitles', subtitles) ? { subtitles: { mode: subtitles } } : {}),
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
