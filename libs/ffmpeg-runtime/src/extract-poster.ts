import { InternalError } from '@reel/error-taxonomy';
import { assertAbsolutePath } from './assert-path';
import {
  buildPosterArgs,
  buildPosterScoreArgs,
  DEFAULT_POSTER_CANDIDATES,
  POSTER_WINDOW_SEC,
  posterCandidateTimes,
} from './build-poster-args';
import { limitsOf, type MediaOperationOptions } from './operation-context';
import { choosePosterFrame, parsePosterScores } from './parse-poster-scores';
import { jpegByteLimit } from './picture-filters';
import { probeJpegSize, probeVideoSource, type PictureContext } from './picture-context';
import { runOperation } from './run-operation';

/** Options of {@link extractPoster}. */
export interface ExtractPosterOptions extends Omit<MediaOperationOptions, 'onProgress'> {
  /** Absolute path of the JPEG to write. */
  output: string;
  /** The poster fits in `maxWidth` × `maxHeight`, never enlarged. Default 1280 × 1280 (720p landscape, 720×1280 portrait). */
  maxWidth?: number;
  maxHeight?: number;
  /** Windows of the video considered. Default {@link DEFAULT_POSTER_CANDIDATES}. */
  candidateCount?: number;
}

/** The written poster. */
export interface Poster {
  path: string;
  width: number;
  height: number;
  /** Where in the source the frame is (seconds). */
  timeSec: number;
  /** Its mean luma, 8-bit (black 16 … white 235). */
  meanLuma: number;
}

/**
 * A poster JPEG: a representative frame, not a black one. `candidateCount` one-second windows
 * spread over the video are read (each seeked to, so a long video is not decoded whole); in each,
 * ffmpeg's `thumbnail` filter picks the most typical frame (no flash, no half-dissolve), which is
 * scored by mean luma and luma entropy (see `choosePosterFrame`: the most detailed frame that is
 * not black). The chosen frame is read again, made upright (rotation metadata) with square pixels
 * and fitted in `maxWidth` × `maxHeight` with even sides. An audio-only input is an
 * UnsupportedMediaError. Both passes run as every operation (decode errors counted, deadline,
 * signal, `-fs`); a failure removes the JPEG and names the input by `inputLabel`.
 *
 * @example
 * const poster = await runtime.extractPoster({ input, inputLabel: 'talk.mp4', output: join(dir, 'poster.jpg'),
 *   durationSec: probe.durationSec, deadlineAtMs, signal });
 * // → { path, width: 1280, height: 720, timeSec: 14.2, meanLuma: 96.3 }
 */
export async function extractPoster(
  context: PictureContext,
  {
    output,
    maxWidth = 1280,
    maxHeight = 1280,
    candidateCount = DEFAULT_POSTER_CANDIDATES,
    guardrails,
    ...options
  }: ExtractPosterOptions,
): Promise<Poster> {
  const { input, inputLabel, signal, deadlineAtMs, observability } = options;
  assertAbsolutePath(output, 'output');
  const { maxDurationSec } = limitsOf(context, guardrails);
  const source = await probeVideoSource(context, {
    input,
    inputLabel,
    operation: 'poster',
    signal,
    deadlineAtMs,
  });
  const durationSec = Math.min(options.durationSec ?? source.durationSec, maxDurationSec);
  const candidateTimesSec = posterCandidateTimes({
    durationSec: durationSec > 0 ? durationSec : POSTER_WINDOW_SEC,
    count: candidateCount,
  });
  const run = {
    input,
    inputLabel,
    signal,
    deadlineAtMs,
    observability,
    decodes: true,
    maxDurationSec,
    // With -copyts the reported time is the source's: the last window may end past the duration.
    overrunToleranceSec: POSTER_WINDOW_SEC + 0.5,
    runner: { ...context.runner, maxStreams: context.guardrails.maxStreams },
  };
  const { stderrTail = '' } = await runOperation({
    ...run,
    operation: 'score-poster-frames',
    args: buildPosterScoreArgs({ input, candidateTimesSec }),
    outputs: [],
    keepStderr: { maxLines: 8 * candidateCount + 60, maxChars: 64 * 1024 },
  });
  const chosen = choosePosterFrame(parsePosterScores(stderrTail));
  const windowStartSec = candidateTimesSec[chosen.windowIndex];
  if (windowStartSec === undefined) {
    throw new InternalError(
      `The poster scores name window ${chosen.windowIndex}, which was not read`,
      {
        details: { windowIndex: chosen.windowIndex, windows: candidateTimesSec.length },
      },
    );
  }
  const maxOutputBytes = jpegByteLimit(maxWidth, maxHeight);
  await runOperation({
    ...run,
    operation: 'extract-poster',
    args: buildPosterArgs({
      input,
      output,
      windowStartSec,
      frameTimeSec: chosen.timeSec,
      maxWidth,
      maxHeight,
      maxOutputBytes,
    }),
    outputs: [output],
    sizeLimitedOutput: { path: output, maxBytes: maxOutputBytes },
  });
  const size = await probeJpegSize(context, output, {
    removeOnFailure: [output],
    signal,
    deadlineAtMs,
  });
  return { path: output, ...size, timeSec: chosen.timeSec, meanLuma: chosen.meanLuma };
}
