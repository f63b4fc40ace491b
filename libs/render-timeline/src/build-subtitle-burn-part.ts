import type { RenderOptions } from '@reel/media-types';
import { escapeFilterValue } from './escape-filter-value';
import type { GraphPart } from './render-timeline';

/** The subtitle fields of the render options that shape burnt-in text. */
export type SubtitleBurnStyle = Pick<
  RenderOptions['subtitles'],
  'fontSizeRatio' | 'outlinePx' | 'marginBottomRatio'
>;

export interface BuildSubtitleBurnPartOptions {
  /** Label of the programme's video, e.g. `wm_out` (without brackets). */
  videoIn: string;
  /** The re-timed SRT on the render's timeline (see `retimeCues`), a local file. */
  subtitlePath: string;
  /** Folder of the pinned font (`runtime.fontsDir`): libass loads it from there, not from the system. */
  fontsDir: string;
  /** The font's family name, e.g. `DejaVu Sans` (not its file name). */
  fontName: string;
  /** Height of the frames the text is drawn on, pixels. */
  frameHeight: number;
  style: SubtitleBurnStyle;
  /** Label of this part's output, unique within the graph. Default `sub_out`. */
  label?: string;
}

/**
 * libass lays out an SRT on ffmpeg's default script canvas, 288 units high (`PlayResY`), scaled to
 * the frame: a style value of `u` units is `u × frameHeight / 288` pixels. `FontSize` is the line
 * height (the font's ascent + descent, VSFilter's rule), so capitals are ≈ 0.63 of it in DejaVu
 * Sans. Outlines scale too (`ScaledBorderAndShadow: yes` in ffmpeg's header).
 */
export const SRT_PLAY_RES_Y = 288;

/** `outlinePx` is given for a 1080-line frame and scales with the height. */
const OUTLINE_REFERENCE_HEIGHT = 1080;

/**
 * The filter chain that burns subtitles into the programme with ffmpeg's `subtitles` filter
 * (libass): the font loaded from `fontsDir` by family name, white text with a black outline
 * (`BorderStyle=1`), no shadow, bottom-centred. Sizes come from `style` as fractions of the frame
 * height: line height `fontSizeRatio`, gap under the text `marginBottomRatio`, outline `outlinePx`
 * at 1080 lines (so the same at every size). Every path and name is escaped for the graph.
 *
 * @example
 * buildSubtitleBurnPart({
 *   videoIn: 'wm_out', subtitlePath: '/tmp/job/render.srt', fontsDir: runtime.fontsDir,
 *   fontName: 'DejaVu Sans', frameHeight: 720,
 *   style: { fontSizeRatio: 0.045, outlinePx: 2, marginBottomRatio: 0.06 },
 * });
 * // → { chains: ["[wm_out]subtitles=filename=/tmp/job/render.srt:fontsdir=…:force_style=FontName=DejaVu Sans\\,FontSize=12.96\\,…[sub_out]"],
 * //     videoOut: 'sub_out' }
 */
export function buildSubtitleBurnPart({
  videoIn,
  subtitlePath,
  fontsDir,
  fontName,
  frameHeight,
  style,
  label = 'sub_out',
}: BuildSubtitleBurnPartOptions): GraphPart {
  if (!Number.isInteger(frameHeight) || frameHeight <= 0) {
    throw new TypeError(`frameHeight must be a positive integer, got ${frameHeight}`);
  }
  if (fontName.length === 0 || /[,=\r\n]/.test(fontName)) {
    throw new TypeError(
      `fontName must be a family name without , or =, got ${JSON.stringify(fontName)}`,
    );
  }
  const unitsPerPx = SRT_PLAY_RES_Y / frameHeight;
  const forcedStyle = [
    `FontName=${fontName}`,
    `FontSize=${formatUnits(style.fontSizeRatio * SRT_PLAY_RES_Y)}`,
    'PrimaryColour=&H00FFFFFF',
    'OutlineColour=&H00000000',
    'BorderStyle=1',
    `Outline=${formatUnits(style.outlinePx * (frameHeight / OUTLINE_REFERENCE_HEIGHT) * unitsPerPx)}`,
    'Shadow=0',
    'Alignment=2',
    // libass reads margins as whole units: round to the unit nearest the wanted pixels.
    `MarginV=${Math.round(style.marginBottomRatio * frameHeight * unitsPerPx)}`,
  ].join(',');
  const options = [
    `filename=${escapeFilterValue(subtitlePath)}`,
    `fontsdir=${escapeFilterValue(fontsDir)}`,
    `force_style=${escapeFilterValue(forcedStyle)}`,
  ].join(':');
  return { chains: [`[${videoIn}]subtitles=${options}[${label}]`], videoOut: label };
}

function formatUnits(value: number): string {
  return String(Math.round(value * 100) / 100);
}
