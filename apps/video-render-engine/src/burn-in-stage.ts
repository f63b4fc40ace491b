import { writeFile } from 'node:fs/promises';
import { PINNED_FONT_NAME } from '@reel/ffmpeg-runtime';
import type { RenderOptions } from '@reel/media-types';
import { buildSubtitleBurnPart, type RenderGraphStage } from '@reel/render-timeline';

/**
 * The burn-in stage when the options ask for it and there are cues (`srt` not empty): the SRT
 * written to `path`, drawn by libass with the pinned font (`fontsDir`) over everything before it
 * in the graph, so its times are the render's (intro included).
 */
export async function burnInStage({
  srt,
  options,
  path,
  fontsDir,
}: {
  srt: string | undefined;
  options: RenderOptions;
  path: string;
  fontsDir: string;
}): Promise<RenderGraphStage | undefined> {
  const burn = options.subtitles.mode === 'burn' || options.subtitles.mode === 'both';
  if (!burn || srt === undefined || srt.trim() === '') return undefined;
  await writeFile(path, srt, 'utf8');
  return (input) =>
    buildSubtitleBurnPart({
      videoIn: input.videoOut,
      subtitlePath: path,
      fontsDir,
      fontName: PINNED_FONT_NAME,
      frameHeight: input.height,
      style: options.subtitles,
    });
}
