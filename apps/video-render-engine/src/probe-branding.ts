import { InvalidRequestError } from '@reel/error-taxonomy';
import type { FfmpegRuntime } from '@reel/ffmpeg-runtime';
import type { Observability } from '@reel/observability';
import type { RenderBranding } from './compose-graph';
import type { BrandingFiles } from './fetch-branding';

/**
 * The branding files as ffmpeg inputs 1, 2, … (the source is 0), with the intro's and outro's
 * lengths from a probe. A clip without sound cannot be joined to the programme's sound: an
 * InvalidRequestError naming it (the tenant settings check this when the clip is set; this covers
 * a clip replaced in storage since).
 */
export async function probeBranding({
  files,
  runtime,
  operation,
}: {
  files: BrandingFiles;
  runtime: FfmpegRuntime;
  operation: { deadlineAtMs: number; signal: AbortSignal; observability: Observability };
}): Promise<RenderBranding> {
  const branding: RenderBranding = {};
  let index = 1;
  if (files.watermark !== undefined) {
    branding.watermark = { path: files.watermark.path, index: index++, label: files.watermark.key };
  }
  for (const name of ['intro', 'outro'] as const) {
    const file = files[name];
    if (file === undefined) continue;
    const probe = await runtime.probe({ input: file.path, ...operation });
    const hasVideo = probe.streams.some(({ type }) => type === 'video');
    const hasAudio = probe.streams.some(({ type }) => type === 'audio');
    if (!hasVideo || !hasAudio || probe.durationSec <= 0) {
      throw new InvalidRequestError(
        `The ${name} ${file.key} needs a picture and sound to be joined to the render`,
        {
          details: { key: file.key, hasVideo, hasAudio },
          advice: `Set a ${name} clip with both video and audio (npx reel tenant branding --${name} FILE), or render with {"${name}":{"use":false}}.`,
        },
      );
    }
    branding[name] = {
      path: file.path,
      index: index++,
      label: file.key,
      durationSec: probe.durationSec,
    };
  }
  return branding;
}
