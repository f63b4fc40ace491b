import { InvalidRequestError, toReelError } from '@reel/error-taxonomy';
import type { FfmpegRuntime } from '@reel/ffmpeg-runtime';
import type { Observability } from '@reel/observability';
import { checkBrandingAsset } from '@reel/render-timeline';
import type { RenderBranding } from './compose-graph';
import type { BrandingFiles } from './fetch-branding';

/**
 * The branding files as ffmpeg inputs 1, 2, … (the source is 0), with the intro's and outro's
 * lengths from a probe. Checked again here, before any encode (the tenant settings check them
 * when set; this covers an object replaced in storage since, or an `asset` named in the options):
 * the watermark with the same PNG/JPEG-only probe as `reel tenant branding`, so a clip or any
 * other object named as the watermark fails here, not inside the main encode; a clip without
 * sound cannot be joined to the programme's sound. Either is an InvalidRequestError naming the key.
 *
 * @example
 * const branding = await probeBranding({ files, runtime, operation });
 * branding.watermark; // → { path: '/tmp/reel-…/watermark.png', index: 1, label: 'dev/acme/branding/…' }
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
    await checkWatermark(files.watermark, runtime, operation.signal);
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

/** What the check says about the object itself; anything else (a timeout, a missing runtime) passes. */
const verdictCodes = new Set([
  'UNSUPPORTED_MEDIA',
  'CORRUPT_INPUT',
  'GUARDRAIL_EXCEEDED',
  'INVALID_REQUEST',
]);

async function checkWatermark(
  file: { key: string; path: string },
  runtime: FfmpegRuntime,
  signal: AbortSignal,
): Promise<void> {
  try {
    await checkBrandingAsset({
      runtime,
      path: file.path,
      kind: 'watermark',
      inputLabel: file.key,
      signal,
    });
  } catch (error) {
    const cause = toReelError(error);
    if (!verdictCodes.has(cause.code) || signal.aborted) throw cause;
    throw new InvalidRequestError(`${cause.message}: it cannot be the render's watermark`, {
      cause,
      details: { key: file.key, reason: cause.code },
      advice:
        'Set a PNG or JPEG watermark (npx reel tenant branding --watermark FILE), or render with {"watermark":{"use":false}}.',
    });
  }
}
