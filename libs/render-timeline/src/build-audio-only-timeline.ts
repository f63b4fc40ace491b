import { buildRenderTimeline, type BuildRenderTimelineOptions } from './build-render-timeline';
import type { Rational, RenderTimeline } from './render-timeline';

/**
 * The grid an audio-only render snaps its cut points to: 200 "frames" a second, 5 ms. A source
 * with no picture has no frame grid of its own; the plan's exports' rate (25 fps by default) would
 * move cuts by up to 20 ms, while 5 ms keeps every cut within 2.5 ms of the plan (inside a join
 * fade) and the render's stand-in picture (`buildAudioProgramGraph`, 16×16) costs next to nothing
 * at this rate. 1000 fps (the plan's own ms) is past the timeline's 240 fps ceiling.
 */
export const AUDIO_ONLY_FRAME_RATE: Readonly<Rational> = Object.freeze({ num: 200, den: 1 });

/** Options of {@link buildAudioOnlyTimeline}: {@link buildRenderTimeline}'s, without a frame rate. */
export type BuildAudioOnlyTimelineOptions = Omit<BuildRenderTimelineOptions, 'frameRate'>;

/**
 * The edit decision list of a source with no picture (a podcast): {@link buildRenderTimeline} on
 * the {@link AUDIO_ONLY_FRAME_RATE} grid, with the same checks (gaps, overlaps, past the end,
 * nothing kept: InvalidRequestError) and modes. Its `frameRate` is that grid, not a picture's.
 *
 * @example
 * const timeline = buildAudioOnlyTimeline({ plan, sourceDurationSec: 1804.2, options });
 * const sound = buildAudioProgramGraph({ timeline, source: { hasAudio: true }, sourceInputIndex: 0, options });
 */
export function buildAudioOnlyTimeline(options: BuildAudioOnlyTimelineOptions): RenderTimeline {
  return buildRenderTimeline({ ...options, frameRate: { ...AUDIO_ONLY_FRAME_RATE } });
}
