import { join } from 'node:path';
import { STRIP_METADATA_ARGS, outputLimitArgs, readLimitArgs } from './argv-parts';
import { assertAbsolutePath } from './assert-path';
import {
  JPEG_OUTPUT_ARGS,
  SQUARE_PIXELS_FILTER,
  assertEvenSize,
  fixedWidthFilter,
} from './picture-filters';

/** File name pattern of the thumbnails (image2, numbered from 1: `thumb-00001.jpg`). */
export const THUMBNAIL_FILE_PATTERN = 'thumb-%05d.jpg';

/** File name of the sprite sheet. */
export const SPRITE_FILE_NAME = 'sprite.jpg';

/** The file name of thumbnail `number` (from 1), as {@link THUMBNAIL_FILE_PATTERN} writes it. */
export function thumbnailFileName(number: number): string {
  return `thumb-${String(number).padStart(5, '0')}.jpg`;
}

/** The sprite sheet's grid: as many columns as there are thumbnails, up to `maxColumns`. */
export interface SpriteGrid {
  columns: number;
  rows: number;
}

/**
 * How many thumbnails a video of `durationSec` gets, one at 0 and one every `intervalSec` (the
 * first frame at or after each multiple), and the sprite grid that holds them. A frame at
 * exactly `durationSec` never exists, so `ceil(duration / interval)` is the most there can be.
 * Pure.
 *
 * @example
 * thumbnailPlan({ durationSec: 95, intervalSec: 10, maxColumns: 10 }); // → { count: 10, columns: 10, rows: 1 }
 * thumbnailPlan({ durationSec: 2, intervalSec: 10, maxColumns: 10 }); // → { count: 1, columns: 1, rows: 1 }
 */
export function thumbnailPlan({
  durationSec,
  intervalSec,
  maxColumns,
}: {
  durationSec: number;
  intervalSec: number;
  maxColumns: number;
}): SpriteGrid & { count: number } {
  if (!Number.isFinite(intervalSec) || intervalSec < 0.1 || intervalSec > 3600) {
    throw new TypeError(`intervalSec must be from 0.1 to 3600, got ${intervalSec}`);
  }
  if (!Number.isInteger(maxColumns) || maxColumns < 1 || maxColumns > 100) {
    throw new TypeError(`maxColumns must be an integer from 1 to 100, got ${maxColumns}`);
  }
  const count = Math.max(1, Math.ceil(Math.max(0, durationSec) / intervalSec));
  const columns = Math.min(maxColumns, count);
  return { count, columns, rows: Math.ceil(count / columns) };
}

/** Options of {@link buildThumbnailsArgs}. */
export interface ThumbnailsArgsOptions {
  input: string;
  /** Existing folder the thumbnails and the sprite are written to. */
  outputDir: string;
  intervalSec: number;
  /** At most this many thumbnails are written (see {@link thumbnailPlan}). */
  count: number;
  grid: SpriteGrid;
  thumbnailWidth: number;
  tileWidth: number;
  readLimitSec?: number;
  /** `-fs` of the sprite sheet (one JPEG). */
  maxSpriteBytes?: number;
}

/**
 * One pass, one decode: ffmpeg argv that keeps the first frame at or after every multiple of
 * `intervalSec` (`select`), makes its pixels square, and `split`s it into a thumbnail
 * (`thumbnailWidth` wide, even height by aspect; numbered JPEGs) and a sprite tile (`tileWidth`
 * wide) that `tile` lays out in `grid` (row by row, one sheet). The thumbnails are bounded by
 * `-frames:v count` (image2 writes a file per picture, which `-fs` does not see), the sheet by
 * `-frames:v 1` and `-fs`. Pure.
 *
 * @example
 * buildThumbnailsArgs({ input: '/job/in.mp4', outputDir: '/job/thumbs', intervalSec: 10, count: 3,
 *   grid: { columns: 3, rows: 1 }, thumbnailWidth: 320, tileWidth: 160, readLimitSec: 14_401 });
 */
export function buildThumbnailsArgs({
  input,
  outputDir,
  intervalSec,
  count,
  grid,
  thumbnailWidth,
  tileWidth,
  readLimitSec,
  maxSpriteBytes,
}: ThumbnailsArgsOptions): string[] {
  assertAbsolutePath(input, 'input');
  assertAbsolutePath(outputDir, 'outputDir');
  // image2 reads `%` in its output name as a number pattern.
  if (outputDir.includes('%')) {
    throw new TypeError(`outputDir must not contain '%', got ${JSON.stringify(outputDir)}`);
  }
  assertEvenSize(thumbnailWidth, 'thumbnailWidth');
  assertEvenSize(tileWidth, 'tileWidth');
  if (!Number.isInteger(count) || count < 1 || count > grid.columns * grid.rows) {
    throw new TypeError(
      `count must be from 1 to the grid's ${grid.columns * grid.rows} tiles, got ${count}`,
    );
  }
  const graph = [
    `[0:v:0]select='gte(t,selected_n*${intervalSec})',${SQUARE_PIXELS_FILTER},split=2[pick1][pick2]`,
    `[pick1]${fixedWidthFilter(thumbnailWidth)}[thumbs]`,
    `[pick2]${fixedWidthFilter(tileWidth)},tile=layout=${grid.columns}x${grid.rows}[sprite]`,
  ].join(';');
  const pictureArgs = ['-fps_mode', 'vfr', ...JPEG_OUTPUT_ARGS, ...STRIP_METADATA_ARGS];
  return [
    ['-y'],
    readLimitArgs(readLimitSec),
    ['-i', input],
    ['-filter_complex', graph],
    ['-map', '[thumbs]', ...pictureArgs, '-frames:v', String(count), '-start_number', '1'],
    ['-f', 'image2', join(outputDir, THUMBNAIL_FILE_PATTERN)],
    ['-map', '[sprite]', ...pictureArgs, '-frames:v', '1'],
    outputLimitArgs(maxSpriteBytes),
    ['-f', 'mjpeg', join(outputDir, SPRITE_FILE_NAME)],
  ].flat();
}
