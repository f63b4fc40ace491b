/**
 * Filter-graph pieces the picture builders share. ffmpeg 5.1 turns a picture upright by its
 * rotation metadata before the graph (autorotate), so `iw`/`ih` here are already the display
 * orientation.
 */

/** Non-square pixels (anamorphic sources) stretched to square ones, so pictures show the display aspect. */
export const SQUARE_PIXELS_FILTER = "scale=w='trunc(iw*sar)':h=ih,setsar=1";

/**
 * Scaled down (never up) to fit `maxWidth` × `maxHeight` with the aspect kept, both sides even:
 * JPEG's 4:2:0 chroma and players' boxes want even sizes, and an odd source (321×241) gets 320×240.
 *
 * @example
 * fitWithinFilter({ maxWidth: 1280, maxHeight: 1280 });
 * // → "scale=w='min(iw,1280)':h='min(ih,1280)':force_original_aspect_ratio=decrease:force_divisible_by=2"
 */
export function fitWithinFilter({
  maxWidth,
  maxHeight,
}: {
  maxWidth: number;
  maxHeight: number;
}): string {
  assertEvenSize(maxWidth, 'maxWidth');
  assertEvenSize(maxHeight, 'maxHeight');
  return `scale=w='min(iw,${maxWidth})':h='min(ih,${maxHeight})':force_original_aspect_ratio=decrease:force_divisible_by=2`;
}

/**
 * Scaled to `width` (never up; at most the source's own width rounded down to even), the height by
 * aspect and even.
 *
 * @example
 * fixedWidthFilter(320); // → "scale=w='min(320,trunc(iw/2)*2)':h=-2"
 */
export function fixedWidthFilter(width: number): string {
  assertEvenSize(width, 'width');
  return `scale=w='min(${width},trunc(iw/2)*2)':h=-2`;
}

/** Throws a TypeError unless `value` is an even integer from 16 to 8192 (a picture side). */
export function assertEvenSize(value: number, role: string): void {
  if (!Number.isInteger(value) || value < 16 || value > 8192 || value % 2 !== 0) {
    throw new TypeError(`${role} must be an even integer from 16 to 8192, got ${value}`);
  }
}

/** JPEG quality for `-q:v` (2 best … 31 worst): 3 looks like the source at a player's size. */
export const JPEG_QUALITY = 3;

/**
 * Output options of every JPEG: quality {@link JPEG_QUALITY} and full-range 4:2:0, which every
 * browser and player decodes (a 10-bit 4:2:2 or a 4:4:4 source would otherwise give a 4:2:2 or
 * 4:4:4 JPEG of the same subsampling).
 */
export const JPEG_OUTPUT_ARGS: readonly string[] = [
  '-q:v',
  String(JPEG_QUALITY),
  '-pix_fmt',
  'yuvj420p',
];

/**
 * The most bytes one JPEG of `width` × `height` can take: the raw 8-bit 4:4:4 picture, which a
 * baseline JPEG at any quality stays below, plus 64 KiB of headers. Pure.
 */
export function jpegByteLimit(width: number, height: number): number {
  return width * height * 3 + 64 * 1024;
}
