import { lstat } from 'node:fs/promises';
import {
  CorruptInputError,
  GuardrailExceededError,
  InputMissingError,
  InvalidRequestError,
  UnsupportedMediaError,
} from '@reel/error-taxonomy';
import type { FfmpegRuntime, GuardrailOverrides } from '@reel/ffmpeg-runtime';
import { displayedSize, type ProbeSummary } from '@reel/media-types';

/** What a branding file is for: the still overlaid on the picture, or a clip before/after it. */
export type BrandingAssetKind = 'watermark' | 'intro' | 'outro';

/** A watermark image's longest side, pixels: it is shown at most half the frame wide. */
export const WATERMARK_MAX_SIDE_PX = 4096;
/** A watermark image's size on disk. */
export const WATERMARK_MAX_BYTES = 5 * 1024 * 1024;
/** An intro or outro plays before or after every render: a minute is already a long bumper. */
export const BUMPER_MAX_DURATION_SEC = 60;

/**
 * The demuxers a watermark is opened with: content-sniffed PNG and JPEG only. Not `image2`, which
 * picks a demuxer by file extension and reads numbered sequences (`%d`), and not the upload
 * containers: a video is not a watermark.
 */
const WATERMARK_INPUT_FORMATS = ['png_pipe', 'jpeg_pipe'] as const;
const WATERMARK_CODECS = ['png', 'mjpeg'];
/** Pixel formats with an alpha channel (`pal8`: a PNG palette may carry transparency). */
const ALPHA_PIXEL_FORMAT = /^(rgba|bgra|argb|abgr|ya|yuva|gbrap|pal8)/;

export interface CheckBrandingAssetOptions {
  runtime: FfmpegRuntime;
  /** Absolute path of the file to check. */
  path: string;
  kind: BrandingAssetKind;
  /** The file as the user knows it (e.g. `logo.png`), used in messages. */
  inputLabel: string;
  /** The tenant's guardrail overrides: an intro/outro is checked against them like an upload. */
  guardrails?: GuardrailOverrides;
  signal?: AbortSignal;
}

/** What the check found: enough to tell the user what was set. */
export interface BrandingAssetSummary {
  kind: BrandingAssetKind;
  /** ffprobe's format name (`png_pipe`, `jpeg_pipe`, `mov,mp4,m4a,3gp,3g2,mj2`, …). */
  formatName: string;
  sizeBytes: number;
  width: number;
  height: number;
  /** Watermark: whether the image has an alpha channel (without one it shows as a rectangle). */
  hasAlpha?: boolean;
  /** Intro/outro: length, frame rate and sound. */
  durationSec?: number;
  frameRate?: number;
  sampleRateHz?: number;
  channels?: number;
}

/**
 * Checks a branding file when it is set (not at render time): a watermark must be a PNG or JPEG
 * still, at most {@link WATERMARK_MAX_SIDE_PX} a side and {@link WATERMARK_MAX_BYTES}; an intro or
 * outro must be a video with a sound track, at most {@link BUMPER_MAX_DURATION_SEC} long and within
 * the platform's (and tenant's) upload guardrails. The image is probed with its own demuxer
 * allow-list, so what uploads accept is not widened. The path must be a regular file: a symbolic
 * link, directory, FIFO or device is refused, not followed or read. Failures: InputMissingError,
 * InvalidRequestError, UnsupportedMediaError, GuardrailExceededError, CorruptInputError, each
 * with advice.
 *
 * @example
 * const summary = await checkBrandingAsset({
 *   runtime, path: '/home/me/logo.png', kind: 'watermark', inputLabel: 'logo.png',
 * });
 * summary; // → { kind: 'watermark', formatName: 'png_pipe', width: 800, height: 400, hasAlpha: true, … }
 */
export async function checkBrandingAsset(
  options: CheckBrandingAssetOptions,
): Promise<BrandingAssetSummary> {
  const sizeBytes = await fileSize(options);
  return options.kind === 'watermark' ? checkWatermark(options, sizeBytes) : checkBumper(options);
}

async function checkWatermark(
  { runtime, path, inputLabel, signal }: CheckBrandingAssetOptions,
  sizeBytes: number,
): Promise<BrandingAssetSummary> {
  const details = { input: inputLabel, kind: 'watermark' };
  if (sizeBytes > WATERMARK_MAX_BYTES) {
    throw new GuardrailExceededError(
      `Watermark ${inputLabel} is ${sizeBytes} bytes, over the ${WATERMARK_MAX_BYTES} allowed`,
      {
        details: { ...details, guardrail: 'watermarkMaxBytes', sizeBytes },
        advice: 'Save the logo smaller (a few hundred pixels wide is plenty) as PNG or JPEG.',
      },
    );
  }
  const summary = await probeImage({ runtime, path, inputLabel, signal });
  const [image] = summary.streams;
  if (
    summary.streams.length !== 1 ||
    image?.type !== 'video' ||
    !WATERMARK_CODECS.includes(image.codecName) ||
    image.width === undefined ||
    image.height === undefined
  ) {
    throw notAnImage(inputLabel);
  }
  const { width, height } = image;
  if (Math.max(width, height) > WATERMARK_MAX_SIDE_PX) {
    throw new GuardrailExceededError(
      `Watermark ${inputLabel} is ${width}x${height}, over ${WATERMARK_MAX_SIDE_PX} px a side`,
      {
        details: { ...details, guardrail: 'watermarkMaxSidePx', width, height },
        advice: `Scale the logo down to at most ${WATERMARK_MAX_SIDE_PX} px a side; it is shown at most half the frame wide.`,
      },
    );
  }
  const hasAlpha = await imageHasAlpha({ runtime, path, formatName: summary.formatName, signal });
  return { kind: 'watermark', formatName: summary.formatName, sizeBytes, width, height, hasAlpha };
}

async function checkBumper({
  runtime,
  path,
  kind,
  inputLabel,
  guardrails,
  signal,
}: CheckBrandingAssetOptions): Promise<BrandingAssetSummary> {
  const summary = await runtime.probeAndCheck({ input: path, inputLabel, guardrails, signal });
  const video = summary.streams.find((stream) => stream.type === 'video');
  const audio = summary.streams.find((stream) => stream.type === 'audio');
  const details = { input: inputLabel, kind };
  // A bumper recorded on a phone carries a quarter turn: its shown shape is the rotated one.
  const size = video === undefined ? undefined : displayedSize(video);
  if (video === undefined || size === undefined) {
    throw new UnsupportedMediaError(`The ${kind} ${inputLabel} has no video stream`, {
      details,
      advice: `An ${kind} is a video clip with sound (e.g. an MP4 with H.264 and AAC).`,
    });
  }
  if (audio === undefined) {
    throw new UnsupportedMediaError(`The ${kind} ${inputLabel} has no audio stream`, {
      details,
      advice: `Add a silent track so the ${kind} joins the episode's sound: ffmpeg -i ${inputLabel} -f lavfi -i anullsrc=r=48000:cl=stereo -shortest -c:v copy -c:a aac ${kind}-with-sound.mp4`,
    });
  }
  if (summary.durationSec > BUMPER_MAX_DURATION_SEC) {
    throw new GuardrailExceededError(
      `The ${kind} ${inputLabel} lasts ${summary.durationSec.toFixed(1)} s, over the ${BUMPER_MAX_DURATION_SEC} s allowed`,
      {
        details: {
          ...details,
          guardrail: 'bumperMaxDurationSec',
          durationSec: summary.durationSec,
        },
        advice: `Trim the ${kind} to at most ${BUMPER_MAX_DURATION_SEC} s.`,
      },
    );
  }
  return {
    kind,
    formatName: summary.formatName,
    sizeBytes: summary.sizeBytes,
    ...size,
    durationSec: summary.durationSec,
    frameRate: video.frameRate,
    sampleRateHz: audio.sampleRateHz,
    channels: audio.channels,
  };
}

async function fileSize({ path, inputLabel, kind }: CheckBrandingAssetOptions): Promise<number> {
  const details = { input: inputLabel, kind };
  let stats;
  try {
    stats = await lstat(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT' && code !== 'ENOTDIR') throw error;
    throw new InputMissingError(`The ${kind} file ${inputLabel} does not exist`, {
      cause: error,
      details,
      advice: 'Check the path you gave.',
    });
  }
  if (stats.isFile()) return stats.size;
  const what = stats.isSymbolicLink()
    ? 'a symbolic link'
    : stats.isDirectory()
      ? 'a directory'
      : stats.isFIFO()
        ? 'a FIFO (named pipe)'
        : 'a device or socket';
  throw new InvalidRequestError(`The ${kind} file ${inputLabel} is ${what}, not a regular file`, {
    details: { ...details, fileKind: what },
    advice: stats.isSymbolicLink()
      ? 'Give the file the link points to, after checking it is the one you mean: links are not followed.'
      : `Give the ${kind} as a regular file: branding is never read from folders, pipes or devices.`,
  });
}

async function probeImage({
  runtime,
  path,
  inputLabel,
  signal,
}: Pick<CheckBrandingAssetOptions, 'runtime' | 'path' | 'inputLabel' | 'signal'>) {
  let summary: ProbeSummary;
  try {
    summary = await runtime.probe({
      input: path,
      inputLabel,
      allowedInputFormats: WATERMARK_INPUT_FORMATS,
      maxStreams: 1,
      signal,
    });
  } catch (error) {
    if (error instanceof CorruptInputError || error instanceof UnsupportedMediaError) {
      throw notAnImage(inputLabel, error);
    }
    throw error;
  }
  if (!(WATERMARK_INPUT_FORMATS as readonly string[]).includes(summary.formatName)) {
    throw notAnImage(inputLabel);
  }
  return summary;
}

/** The decoded pixel format of an image already probed as PNG/JPEG (same allow-lists). */
async function imageHasAlpha({
  runtime,
  path,
  formatName,
  signal,
}: {
  runtime: FfmpegRuntime;
  path: string;
  formatName: string;
  signal?: AbortSignal;
}): Promise<boolean> {
  const { stdout } = await runtime.runTool({
    tool: 'ffprobe',
    binaryPath: runtime.ffprobePath,
    args: [
      ...['-v', 'error', '-protocol_whitelist', 'file', '-format_whitelist', formatName],
      ...['-select_streams', 'v:0', '-show_entries', 'stream=pix_fmt', '-of', 'csv=p=0', path],
    ],
    operation: 'probe-watermark-pixel-format',
    captureStdout: true,
    signal,
  });
  return ALPHA_PIXEL_FORMAT.test(stdout.trim());
}

function notAnImage(inputLabel: string, cause?: unknown): UnsupportedMediaError {
  return new UnsupportedMediaError(`Watermark ${inputLabel} is not a PNG or JPEG image`, {
    cause,
    details: { input: inputLabel, kind: 'watermark', allowed: 'PNG, JPEG' },
    advice: 'A watermark is one still image: export the logo as PNG (with transparency) or JPEG.',
  });
}
