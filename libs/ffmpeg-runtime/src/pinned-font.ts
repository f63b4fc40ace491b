import { join } from 'node:path';

/**
 * The one font every burnt-in text uses (subtitles, labels), so a render looks the same on a laptop
 * and on Lambda: DejaVu Sans, shipped in `assets/fonts/` with its licence, copied beside every app
 * bundle at build and into the image. Filters load it from the runtime's `fontsDir` (libass
 * `fontsdir`) or as `fontFile` (drawtext `fontfile`), never from the system's fonts.
 */
export const PINNED_FONT_NAME = 'DejaVu Sans';

/** The pinned font's file inside `fontsDir`. */
export const PINNED_FONT_FILE_NAME = 'DejaVuSans.ttf';

/**
 * The lib's own `assets/fonts`, as seen from its source: right for tests and `tsx` runs from the
 * repo. A bundle sits elsewhere, so apps pass the configured `REEL_FONTS_DIR` (`@reel/config`
 * resolves it) as `fontsDir`.
 */
export const SOURCE_FONTS_DIR = join(import.meta.dirname, '../assets/fonts');

/** A fonts folder is a non-empty path without NUL (checked once, when the runtime is built). */
export function assertFontsDir(fontsDir: unknown): asserts fontsDir is string {
  if (typeof fontsDir !== 'string' || fontsDir.trim().length === 0 || fontsDir.includes('\0')) {
    throw new TypeError(`fontsDir must be a folder path, got ${JSON.stringify(fontsDir)}`);
  }
}
