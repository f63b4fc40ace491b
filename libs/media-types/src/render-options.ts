import * as z from 'zod';

/**
 * What the render does with the plan's cut spans: remove them (`cut`), keep them with the sound
 * silenced (`mute`), or play them faster (`speed`). The plan carries a mode; a render option
 * overrides it.
 */
export const renderModes = ['cut', 'mute', 'speed'] as const;
export type RenderMode = (typeof renderModes)[number];

/** x264 presets, fastest first. */
export const x264Presets = [
  'ultrafast',
  'superfast',
  'veryfast',
  'faster',
  'fast',
  'medium',
  'slow',
  'slower',
  'veryslow',
] as const;
export type X264Preset = (typeof x264Presets)[number];

/** The xfade transitions offered (ffmpeg 5.1 names); each has an acrossfade for the sound. */
export const transitionTypes = [
  'fade',
  'fadeblack',
  'fadewhite',
  'dissolve',
  'wipeleft',
  'wiperight',
  'slideleft',
  'slideright',
  'circleopen',
  'circleclose',
  'smoothleft',
  'smoothright',
] as const;
export type TransitionType = (typeof transitionTypes)[number];

export const watermarkPositions = [
  'top-left',
  'top-right',
  'bottom-left',
  'bottom-right',
  'center',
] as const;
export type WatermarkPosition = (typeof watermarkPositions)[number];

/** Where the transcript's cues go: a sidecar SRT + VTT beside the render, burnt in, both, or neither. */
export const subtitleModes = ['sidecar', 'burn', 'both', 'none'] as const;
export type SubtitleMode = (typeof subtitleModes)[number];

/**
 * One segment of a storage object name. A copy of `NAME_SEGMENT_PATTERN` in libs/storage
 * key-layout.ts (a core lib may not import storage); a test checks that the two agree.
 */
const NAME_SEGMENT_SOURCE = '[A-Za-z0-9][A-Za-z0-9._-]{0,127}';
/**
 * A branding file name as storage accepts it (`assertValidName`): 1–4 `/`-separated segments,
 * each starting with a letter or digit, so never empty, `.`, `..`, absolute or hidden.
 *
 * @example
 * BRANDING_ASSET_NAME_PATTERN.test('watermark-3f2a9c.png'); // → true
 * BRANDING_ASSET_NAME_PATTERN.test('../../t2/branding/x.png'); // → false
 */
export const BRANDING_ASSET_NAME_PATTERN = new RegExp(
  `^${NAME_SEGMENT_SOURCE}(?:/${NAME_SEGMENT_SOURCE}){0,3}$`,
);

/** A file name inside the tenant's `branding/` folder, checked with the storage name rule. */
const brandingAssetName = z
  .string()
  .regex(
    BRANDING_ASSET_NAME_PATTERN,
    "a branding file name: 1–4 '/'-separated segments of letters, digits, '.', '_' and '-', each starting with a letter or digit",
  )
  .describe("A file in the tenant's branding/ folder; default: the one named in tenant settings");

const fields = {
  mode: z
    .enum(renderModes)
    .describe(
      "cut removes the cut spans, mute silences them, speed plays them faster; default: the plan's mode",
    ),
  speed: z.strictObject({
    factor: z
      .number()
      .min(1.5)
      .max(16)
      .default(4)
      .describe('speed mode: how much faster a cut span plays (audio tempo-corrected, pitch kept)'),
    minSpanMs: z
      .number()
      .int()
      .min(0)
      .max(10_000)
      .default(500)
      .describe(
        'speed mode: a sped-up span lasts at least this long (or its own length if shorter)',
      ),
  }),
  mute: z.strictObject({
    tone: z
      .boolean()
      .default(false)
      .describe('mute mode: a tone (a bleep) instead of silence in the cut spans'),
    toneHz: z.number().int().min(100).max(4000).default(1000),
    toneDb: z.number().min(-40).max(-3).default(-18).describe('Level of the tone, dBFS'),
  }),
  joinFadeMs: z
    .number()
    .int()
    .min(0)
    .max(50)
    .default(5)
    .describe(
      'Audio fade-out/fade-in at each hard join, inside the kept spans, so joins do not click',
    ),
  transition: z.strictObject({
    type: z.enum(transitionTypes).default('fade'),
    durationMs: z
      .number()
      .int()
      .min(40)
      .max(2000)
      .default(500)
      .describe(
        'Each join overlaps its spans by this much, so the render is shorter by it per join',
      ),
  }),
  watermark: z.strictObject({
    use: z
      .boolean()
      .default(true)
      .describe('Overlay the watermark when the tenant (or `asset`) names one'),
    asset: brandingAssetName.optional(),
    position: z.enum(watermarkPositions).default('top-right'),
    marginRatio: z
      .number()
      .min(0)
      .max(0.2)
      .default(0.03)
      .describe('Gap to the frame edges, as a fraction of the frame height'),
    widthRatio: z
      .number()
      .min(0.02)
      .max(0.5)
      .default(0.15)
      .describe('Watermark width as a fraction of the frame width (aspect kept)'),
    opacity: z.number().min(0.05).max(1).default(0.7),
  }),
  bumper: z.strictObject({
    use: z.boolean().default(true).describe('Add the clip when the tenant (or `asset`) names one'),
    asset: brandingAssetName.optional(),
  }),
  subtitles: z.strictObject({
    mode: z.enum(subtitleModes).default('sidecar'),
    fontSizeRatio: z
      .number()
      .min(0.02)
      .max(0.12)
      .default(0.045)
      .describe('Burnt-in text height as a fraction of the frame height'),
    outlinePx: z
      .number()
      .min(0)
      .max(8)
      .default(2)
      .describe('Outline width at 1080p, scaled with the height'),
    marginBottomRatio: z
      .number()
      .min(0)
      .max(0.3)
      .default(0.06)
      .describe('Gap below the text, as a fraction of the frame height'),
  }),
  video: z.strictObject({
    preset: z.enum(x264Presets).default('veryfast'),
    crf: z.number().int().min(0).max(51).default(20).describe('x264 constant rate factor'),
    maxHeight: z
      .number()
      .int()
      .min(144)
      .max(4320)
      .default(1080)
      .describe('The render is scaled down to this height, never up'),
  }),
  audio: z.strictObject({
    bitrateKbps: z.number().int().min(128).max(192).default(160).describe('AAC-LC bitrate'),
  }),
  podcast: z.strictObject({
    use: z.boolean().default(true).describe('Also write renders/episode.mp3'),
    integratedLufs: z.number().min(-30).max(-10).default(-16),
    truePeakDb: z.number().min(-9).max(-0.1).default(-1),
    bitrateKbps: z.number().int().min(64).max(320).default(128),
  }),
  preview: z.strictObject({
    use: z.boolean().default(true).describe('Also write renders/removed-preview.mp4'),
    height: z.number().int().min(144).max(480).default(240),
  }),
  chunking: z.strictObject({
    onePassMaxSec: z
      .number()
      .int()
      .min(30)
      .max(86_400)
      .default(300)
      .describe(
        'Edited durations above this render in parallel chunks. 300 s: a 1080p veryfast encode measured ~0.92 s per output second on 2 quiet cores, so ~280 s of encode per pass or chunk, leaving room for the MP3/preview and a 1.5x slower host within the 8-min (480 s) step budget',
      ),
    chunkCount: z
      .number()
      .int()
      .min(2)
      .max(64)
      .optional()
      .describe('Force this many chunks (testing, tuning); default: from onePassMaxSec'),
  }),
};

/**
 * Render options: how the video-render-engine turns source + cut plan into the render. Every field
 * has a default, so `{}` is valid; unknown keys are refused (a typo must not be ignored). Tenants
 * store defaults (a partial document, `renderOptionsInputSchema`); a job's options are merged over
 * them with {@link mergeRenderOptionsInput} and parsed once.
 *
 * @example
 * renderOptionsSchema.parse({ transition: { durationMs: 300 }, subtitles: { mode: 'burn' } });
 */
export const renderOptionsSchema = z
  .strictObject({
    mode: fields.mode.optional(),
    speed: fields.speed.prefault({}),
    mute: fields.mute.prefault({}),
    joinFadeMs: fields.joinFadeMs,
    transition: fields.transition
      .optional()
      .describe('A cross-fade at every join between kept spans; absent: hard cuts'),
    watermark: fields.watermark.prefault({}),
    intro: fields.bumper.prefault({}),
    outro: fields.bumper.prefault({}),
    subtitles: fields.subtitles.prefault({}),
    video: fields.video.prefault({}),
    audio: fields.audio.prefault({}),
    podcast: fields.podcast.prefault({}),
    preview: fields.preview.prefault({}),
    chunking: fields.chunking.prefault({}),
  })
  .meta({
    title: 'RenderOptions',
    description: 'How reel renders a job: cuts, transitions, branding, subtitles, encode, extras.',
  });

/** Render options with every default filled in. */
export type RenderOptions = z.output<typeof renderOptionsSchema>;
/** Render options as users write them (every field optional). */
export type RenderOptionsInput = z.input<typeof renderOptionsSchema>;

/**
 * Lays `override` over `base` (tenant defaults under a job's options): objects merge key by key,
 * anything else in `override` replaces the base value. Neither input is changed; the result still
 * has to be parsed with {@link renderOptionsSchema}.
 *
 * @example
 * mergeRenderOptionsInput(
 *   { video: { crf: 18, preset: 'fast' }, subtitles: { mode: 'burn' } },
 *   { video: { crf: 23 }, transition: {} },
 * );
 * // → { video: { crf: 23, preset: 'fast' }, subtitles: { mode: 'burn' }, transition: {} }
 */
export function mergeRenderOptionsInput(
  base: RenderOptionsInput | undefined,
  override: RenderOptionsInput | undefined,
): RenderOptionsInput {
  return mergePlain(base ?? {}, override ?? {}) as RenderOptionsInput;
}

function mergePlain(base: unknown, override: unknown): unknown {
  if (!isPlainObject(base) || !isPlainObject(override))
    return override === undefined ? base : override;
  const merged: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(override)) {
    merged[key] = mergePlain(base[key], value);
  }
  return merged;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
