import type { RenderOptions, WatermarkPosition } from '@reel/media-types';
import type { GraphPart } from './render-timeline';

/** The watermark fields of the render options that shape the overlay. */
export type WatermarkStyle = Pick<
  RenderOptions['watermark'],
  'position' | 'marginRatio' | 'widthRatio' | 'opacity'
>;

export interface BuildWatermarkPartOptions {
  /** Label of the programme's video, e.g. `vmain` (without brackets). */
  videoIn: string;
  /** Label of the watermark image's stream, e.g. `2:v`: ONE frame (no `-loop 1`). */
  watermarkIn: string;
  /** The programme's frame size, pixels. */
  frame: { width: number; height: number };
  style: WatermarkStyle;
  /** Prefix of the labels this part creates, unique within the graph. Default `wm`. */
  label?: string;
}

/**
 * The filter chains that lay a still image over the programme: scaled to `widthRatio` × the frame
 * width (aspect kept, even sides), faded to `opacity` through its alpha channel, placed at
 * `position` with a gap of `marginRatio` × the frame height (rounded to even) to the nearest edges.
 *
 * The image is read as a single frame and held by `overlay`'s `eof_action=repeat` rather than
 * looped with `-loop 1`: the scale and alpha filters then run once per render instead of once per
 * output frame, and the graph needs no `shortest=1` to end with the programme.
 *
 * @example
 * buildWatermarkPart({
 *   videoIn: 'vmain', watermarkIn: '2:v', frame: { width: 1280, height: 720 },
 *   style: { position: 'top-right', marginRatio: 0.03, widthRatio: 0.15, opacity: 0.7 },
 * });
 * // → { chains: ['[2:v]scale=192:-2,format=rgba,colorchannelmixer=aa=0.7[wm_img]',
 * //     '[vmain][wm_img]overlay=x=main_w-overlay_w-22:y=22:eof_action=repeat[wm_out]'],
 * //     videoOut: 'wm_out' }
 */
export function buildWatermarkPart({
  videoIn,
  watermarkIn,
  frame,
  style,
  label = 'wm',
}: BuildWatermarkPartOptions): GraphPart {
  assertFrame(frame);
  const widthPx = Math.max(2, Math.round((style.widthRatio * frame.width) / 2) * 2);
  // Even, like the width: overlay snaps an odd x/y to the 4:2:0 chroma grid, shifting the box.
  const marginPx = Math.round((style.marginRatio * frame.height) / 2) * 2;
  const opacity = Math.min(1, Math.max(0, style.opacity));
  const imageFilters = [
    `scale=${widthPx}:-2`,
    'format=rgba',
    ...(opacity < 1 ? [`colorchannelmixer=aa=${formatNumber(opacity)}`] : []),
  ];
  const { x, y } = overlayPosition(style.position, marginPx);
  const imageLabel = `${label}_img`;
  const videoOut = `${label}_out`;
  return {
    chains: [
      `[${watermarkIn}]${imageFilters.join(',')}[${imageLabel}]`,
      `[${videoIn}][${imageLabel}]overlay=x=${x}:y=${y}:eof_action=repeat[${videoOut}]`,
    ],
    videoOut,
  };
}

/** overlay's x/y expressions: `main_w`/`overlay_w` are the frame's and the scaled image's sizes. */
function overlayPosition(position: WatermarkPosition, marginPx: number): { x: string; y: string } {
  const left = `${marginPx}`;
  const right = `main_w-overlay_w-${marginPx}`;
  const top = `${marginPx}`;
  const bottom = `main_h-overlay_h-${marginPx}`;
  switch (position) {
    case 'top-left':
      return { x: left, y: top };
    case 'top-right':
      return { x: right, y: top };
    case 'bottom-left':
      return { x: left, y: bottom };
    case 'bottom-right':
      return { x: right, y: bottom };
    case 'center':
      return { x: '(main_w-overlay_w)/2', y: '(main_h-overlay_h)/2' };
  }
}

function assertFrame({ width, height }: { width: number; height: number }): void {
  if (!Number.isInteger(width) || !Number.isInteger(height) || width <= 0 || height <= 0) {
    throw new TypeError(`frame must have positive integer sides, got ${width}x${height}`);
  }
}

function formatNumber(value: number): string {
  return String(Math.round(value * 1000) / 1000);
}
