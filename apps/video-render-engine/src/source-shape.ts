import { frameRateFromFps } from '@reel/cut-plan';
import { displayedSize, type ProbeSummary } from '@reel/media-types';
import type { Rational } from '@reel/render-timeline';

// Cover art in MP4/M4A/MP3 files shows up as a one-frame video stream; it is not a picture to cut.
const COVER_ART_CODECS = new Set(['mjpeg', 'png']);

/** What the render needs to know about a probed source (or intro/outro clip). */
export interface SourceShape {
  /** Displayed width: after the rotation ffmpeg applies when it decodes (see displayedSize). */
  width: number;
  height: number;
  frameRate: Rational;
  hasAudio: boolean;
  durationSec: number;
  /** The first sound stream's own length, when probed (it may end before the picture). */
  soundDurationSec?: number;
}

/**
 * The picture's size and frame rate (as a fraction: NTSC rates become n×1000/1001) and whether
 * there is sound, from a probe; undefined when the file has no picture (an audio-only episode).
 *
 * @example
 * sourceShape(await runtime.probe({ input })); // { width: 640, height: 360, frameRate: { num: 25, den: 1 }, … }
 */
export function sourceShape(probe: ProbeSummary): SourceShape | undefined {
  const video = probe.streams.find(
    ({ type, codecName }) => type === 'video' && !COVER_ART_CODECS.has(codecName),
  );
  // The displayed size: a phone's portrait clip stored 1920×1080 with a quarter turn decodes
  // as 1080×1920, and the render's output frame is sized from this, so it must not be squashed.
  const size = video === undefined ? undefined : displayedSize(video);
  if (video === undefined || size === undefined) return undefined;
  const audio = probe.streams.find(({ type }) => type === 'audio');
  return {
    ...size,
    frameRate: rationalFromFps(video.frameRate),
    hasAudio: audio !== undefined,
    durationSec: probe.durationSec,
    ...(audio?.durationSec === undefined ? {} : { soundDurationSec: audio.durationSec }),
  };
}

/** The probed rate as the timeline's fraction (cut-plan's snapping: 29.97… → 30000/1001). */
function rationalFromFps(fps: number | undefined): Rational {
  const { numerator, denominator } = frameRateFromFps(fps);
  return { num: numerator, den: denominator };
}
