import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** Where the repo keeps the pinned font, from the repo's root. */
const REPO_FONTS_DIR = join('libs', 'ffmpeg-runtime', 'assets', 'fonts');

/**
 * The default `REEL_FONTS_DIR`, from where the running code sits: `fonts/` beside it when it exists
 * (an app bundle in `dist/apps/<app>/`, where the build copies the font), else the repo's
 * `libs/ffmpeg-runtime/assets/fonts` found in the nearest folder above it that has one (tests and
 * `tsx` runs from source, a bundle run in the repo). With neither it is still `fonts/` beside the
 * code, where a deployment keeps it; libass only warns when a font is missing, so services that
 * burn text check that the font file exists. Reads the file system, once, at start-up.
 *
 * @example
 * resolveFontsDir('/work/reel/dist/apps/video-render-engine'); // → …/dist/apps/video-render-engine/fonts
 * resolveFontsDir('/work/reel/libs/config/src');               // → /work/reel/libs/ffmpeg-runtime/assets/fonts
 */
export function resolveFontsDir(moduleDir: string): string {
  const besideBundle = join(moduleDir, 'fonts');
  if (existsSync(besideBundle)) return besideBundle;
  for (let folder = moduleDir; ; folder = dirname(folder)) {
    const inRepo = join(folder, REPO_FONTS_DIR);
    if (existsSync(inRepo)) return inRepo;
    if (dirname(folder) === folder) return besideBundle;
  }
}
