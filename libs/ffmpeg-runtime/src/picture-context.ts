import { rm } from 'node:fs/promises';
import { InternalError, UnsupportedMediaError } from '@reel/error-taxonomy';
import type { ProbeStream, ProbeSummary } from '@reel/media-types';
import type { OperationContext } from './operation-context';

/** The runtime's context plus ffprobe under a given demuxer allow-list (bound by `createFfmpegRuntime`). */
export interface PictureContext extends OperationContext {
  probeFile: (
    path: string,
    options: {
      allowedFormats: readonly string[];
      inputLabel?: string;
      signal?: AbortSignal;
      deadlineAtMs?: number;
    },
  ) => Promise<ProbeSummary>;
}

/**
 * The demuxers ffprobe may open a written JPEG with, nothing else for reel's own pictures: image2
 * (by the `.jpg` name) or jpeg_pipe, which wins the content probe for some pictures (a black
 * 320×240 JPEG of 581 bytes).
 */
export const JPEG_FORMATS: readonly string[] = ['image2', 'jpeg_pipe'];

/**
 * The input's first video stream and its length, probed under the runtime's container
 * allow-list. An input without a picture (audio only) is an UnsupportedMediaError naming it by
 * `inputLabel`: there is nothing to make a poster or thumbnails from.
 *
 * @example
 * const { video, durationSec } = await probeVideoSource(context, { input, inputLabel: 'talk.m4a', operation: 'poster' });
 */
export async function probeVideoSource(
  context: PictureContext,
  {
    input,
    inputLabel,
    operation,
    signal,
    deadlineAtMs,
  }: {
    input: string;
    inputLabel?: string;
    operation: string;
    signal?: AbortSignal;
    deadlineAtMs?: number;
  },
): Promise<{ video: ProbeStream; durationSec: number }> {
  const summary = await context.probeFile(input, {
    allowedFormats: context.guardrails.allowedContainers,
    inputLabel,
    signal,
    deadlineAtMs,
  });
  const video = summary.streams.find(({ type }) => type === 'video');
  if (video === undefined) {
    throw new UnsupportedMediaError(
      `${inputLabel ?? input} has no video stream: there is no picture to make a ${operation} from`,
      { details: { input, inputLabel, operation, streams: summary.streams.length } },
    );
  }
  return { video, durationSec: video.durationSec ?? summary.durationSec };
}

/** Width and height of a JPEG reel wrote, by ffprobe; removes `paths` when it cannot be read. */
export async function probeJpegSize(
  context: PictureContext,
  path: string,
  {
    removeOnFailure,
    signal,
    deadlineAtMs,
  }: { removeOnFailure: readonly string[]; signal?: AbortSignal; deadlineAtMs?: number },
): Promise<{ width: number; height: number }> {
  try {
    const summary = await context.probeFile(path, {
      allowedFormats: JPEG_FORMATS,
      signal,
      deadlineAtMs,
    });
    const picture = summary.streams.find(({ type }) => type === 'video');
    if (picture?.width === undefined || picture.height === undefined) {
      throw new InternalError(`${path} holds no picture`, { details: { path } });
    }
    return { width: picture.width, height: picture.height };
  } catch (error) {
    await Promise.all(removeOnFailure.map((file) => rm(file, { recursive: true, force: true })));
    throw error;
  }
}
