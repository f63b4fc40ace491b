import { frameRateFromFps, type CutPlanSource } from '@reel/cut-plan';
import { requireJobInput, type JobManifest } from '@reel/manifest';

// Cover art in MP3/M4A files shows up as a one-frame video stream; it is not a picture to edit.
const COVER_ART_CODECS = new Set(['mjpeg', 'png']);

/**
 * What the plan's exports say about the source: the uploaded file's own name (the media an editor
 * relinks the EDL to; the stored key is content-addressed), the first real video stream's frame
 * rate and size (timecode at 25 fps for audio-only sources).
 */
export function planSource(manifest: JobManifest): Omit<CutPlanSource, 'durationMs'> {
  const input = requireJobInput(manifest);
  const video = input.probe?.streams.find(
    ({ type, codecName }) => type === 'video' && !COVER_ART_CODECS.has(codecName),
  );
  return {
    name: input.fileName,
    frameRate: frameRateFromFps(video?.frameRate),
    ...(video?.width !== undefined && video.height !== undefined
      ? { video: { width: video.width, height: video.height } }
      : {}),
  };
}
