import { GuardrailExceededError } from '@reel/error-taxonomy';
import type { Observability } from '@reel/observability';
import { assertAbsolutePath } from './assert-path';
import { guardInputs } from './input-guard';
import { relabelError } from './input-label';
import { explainStreamLimit } from './stream-limit-error';
import type { ProbeSummary } from '@reel/media-types';
import { parseProbeOutput } from './probe-summary';
import { runProcess } from './run-process';

/** Options of {@link probe}. */
export interface ProbeOptions {
  /** Absolute path of the file to describe. */
  input: string;
  /** Default `ffprobe` (found on PATH). Apps pass their configured `FFPROBE_PATH`. */
  ffprobePath?: string;
  /** Demuxers the input may be opened with. Default {@link DEFAULT_INPUT_FORMATS}. */
  allowedInputFormats?: readonly string[];
  /**
   * Streams the input may have (`-max_streams`): ffprobe stops at the first one past it instead
   * of allocating thousands (GuardrailExceededError). Default: no limit but ffmpeg's own (1000).
   */
  maxStreams?: number;
  /** The input as the user knows it (file name, storage key): used in messages instead of the path. */
  inputLabel?: string;
  /** A PATH for finding ffprobe when it is given by name. */
  searchPath?: string;
  signal?: AbortSignal;
  deadlineAtMs?: number;
  observability?: Observability;
}

/**
 * The ffprobe argv (after the binary) that describes one input as JSON. Pure. The input
 * allow-lists are added by {@link probe}, like the runner does for ffmpeg.
 *
 * @example
 * buildProbeArgs({ input: '/tmp/job/input.mp4' });
 * // → ['-hide_banner', '-v', 'error', '-print_format', 'json', '-show_format', '-show_streams',
 * //    '-i', '/tmp/job/input.mp4']
 */
export function buildProbeArgs({ input }: { input: string }): string[] {
  assertAbsolutePath(input, 'input');
  return [
    '-hide_banner',
    '-v',
    'error',
    '-print_format',
    'json',
    '-show_format',
    '-show_streams',
    '-i',
    input,
  ];
}

/**
 * Describes a media file with `ffprobe -print_format json -show_format -show_streams`, opened under
 * the protocol and demuxer allow-lists. Failures are taxonomy errors: a missing file is
 * InputMissingError, an empty, truncated or non-media file CorruptInputError, a playlist or concat
 * list UnsupportedMediaError, more than `maxStreams` streams GuardrailExceededError (decided by
 * the demuxer as it reads the header, before any stream is analysed: 1,100 streams used to run
 * ffprobe out of memory). A video stream whose header claims a frame size ffmpeg refuses to
 * decode (ffprobe exits 0, reports 0×0 and prints `Picture size WxH is invalid`: a decompression
 * bomb) is a GuardrailExceededError.
 *
 * @example
 * const summary = await probe({ input: '/tmp/job/input.mp4', ffprobePath: config.ffprobePath });
 * summary.durationSec; // 12.48
 */
export async function probe({
  input,
  ffprobePath = 'ffprobe',
  allowedInputFormats,
  maxStreams,
  inputLabel,
  searchPath,
  signal,
  deadlineAtMs,
  observability,
}: ProbeOptions): Promise<ProbeSummary> {
  try {
    const { stdout, stderrTail } = await runProcess({
      tool: 'ffprobe',
      binaryPath: ffprobePath,
      args: guardInputs(buildProbeArgs({ input }), {
        allowedFormats: allowedInputFormats,
        maxStreams,
      }),
      operation: 'probe',
      captureStdout: true,
      searchPath,
      signal,
      deadlineAtMs,
      observability,
    });
    const summary = parseProbeOutput(stdout, { input });
    assertDecodableFrameSize(summary, stderrTail, input);
    return summary;
  } catch (error) {
    throw relabelError(explainStreamLimit(error, { input, maxStreams }), { input, inputLabel });
  }
}

// av_image_check_size's refusal; it is only a warning to ffprobe, which then reports width 0.
const INVALID_PICTURE_SIZE = /Picture size (\d+)x(\d+) is invalid/;

function assertDecodableFrameSize(summary: ProbeSummary, stderrTail: string, input: string): void {
  const claimed = INVALID_PICTURE_SIZE.exec(stderrTail);
  const sizeless = summary.streams.find(
    ({ type, width, height }) => type === 'video' && (width === undefined || height === undefined),
  );
  if (claimed === null || sizeless === undefined) return;
  const [width, height] = [Number(claimed[1]), Number(claimed[2])];
  throw new GuardrailExceededError(
    `Video stream ${sizeless.index} of ${input} claims a ${width}x${height} frame, which ffmpeg refuses to decode (maxPixels)`,
    {
      details: {
        guardrail: 'maxPixels',
        stream: sizeless.index,
        actual: width * height,
        claimedWidth: width,
        claimedHeight: height,
      },
    },
  );
}
