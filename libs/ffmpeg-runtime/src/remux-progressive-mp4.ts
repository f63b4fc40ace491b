import { InternalError } from '@reel/error-taxonomy';
import { STRIP_METADATA_ARGS, outputLimitArgs, readLimitArgs } from './argv-parts';
import { assertAbsolutePath } from './assert-path';
import type { GuardrailOverrides } from './guardrails';
import { limitsOf } from './operation-context';
import { H264_MAX_BYTES_PER_SEC, READ_MARGIN_SEC, outputByteLimit } from './output-limits';
import type { OperationOptions, OperationRun } from './run-operation';
import { runGraphEncode, type RenderGraphContext } from './run-graph-encode';

/** Options of {@link remuxProgressiveMp4}. */
export interface RemuxProgressiveMp4Options extends OperationOptions {
  /** Absolute path of the top rung's MP4 (`encodeLadder`, or `joinVideoChunks` of its chunks). */
  video: string;
  /** Absolute path of the AAC rendition; absent: picture only. */
  audio?: string;
  /** Absolute path of the progressive MP4 to write. */
  output: string;
  /** The ladder's output rate: frames are counted as the video's duration × this. */
  frameRate: number;
  guardrails?: GuardrailOverrides;
}

/** The written progressive MP4. */
export interface ProgressiveMp4 extends OperationRun {
  path: string;
  frameCount: number;
  durationSec: number;
}

/**
 * ffmpeg argv putting an encoded rung's picture and the AAC rendition's sound into one MP4 by
 * stream copy (nothing re-encoded), `-movflags +faststart` (moov before mdat: a browser plays it
 * while it downloads), metadata stripped. Pure.
 *
 * @example
 * buildRemuxProgressiveMp4Args({ video: '/s/1080p.mp4', audio: '/s/audio.mp4', output: '/s/1080p-web.mp4',
 *   readLimitSec: 14_401 });
 */
export function buildRemuxProgressiveMp4Args({
  video,
  audio,
  output,
  readLimitSec,
  maxOutputBytes,
}: {
  video: string;
  audio?: string;
  output: string;
  readLimitSec: number;
  maxOutputBytes?: number;
}): string[] {
  assertAbsolutePath(video, 'video');
  if (audio !== undefined) assertAbsolutePath(audio, 'audio');
  assertAbsolutePath(output, 'output');
  return [
    [...readLimitArgs(readLimitSec), '-i', video],
    audio === undefined ? [] : [...readLimitArgs(readLimitSec), '-i', audio],
    ['-map', '0:v:0'],
    audio === undefined ? [] : ['-map', '1:a:0'],
    STRIP_METADATA_ARGS,
    ['-c', 'copy'],
    outputLimitArgs(maxOutputBytes),
    ['-movflags', '+faststart', '-f', 'mp4', '-y', output],
  ].flat();
}

/**
 * The progressive (download-and-play) MP4 of the top rung: its picture and the shared AAC sound
 * remuxed, not re-encoded, `+faststart`. As every operation: inputs read at most the duration
 * guardrail, the MP4 at most what 64 Mbit/s allows, `deadlineAtMs`/`signal`, progress; the MP4 is
 * probed (its frame count is the top rung's) and removed when anything fails.
 *
 * @example
 * const mp4 = await runtime.remuxProgressiveMp4({ video: rungs[0].path, audio: sound.path,
 *   output: join(dir, '1080p.mp4'), frameRate: plan.frameRate, durationSec });
 */
export async function remuxProgressiveMp4(
  context: RenderGraphContext,
  { video, audio, output, frameRate, guardrails, ...options }: RemuxProgressiveMp4Options,
): Promise<ProgressiveMp4> {
  if (!Number.isFinite(frameRate) || frameRate <= 0) {
    throw new TypeError(`frameRate must be > 0, got ${frameRate}`);
  }
  const { maxDurationSec, readLimitSec } = limitsOf(context, guardrails);
  const maxOutputBytes = outputByteLimit({
    bytesPerSec: H264_MAX_BYTES_PER_SEC,
    readLimitSec: maxDurationSec + READ_MARGIN_SEC,
  });
  const limits = { readLimitSec, outputLimitSec: maxDurationSec, maxOutputBytes };
  let durationSec = 0;
  const run = await runGraphEncode(context, {
    operation: 'remux-progressive-mp4',
    args: buildRemuxProgressiveMp4Args({ video, audio, output, readLimitSec, maxOutputBytes }),
    inputs: [
      {
        path: video,
        ...(options.inputLabel === undefined ? {} : { inputLabel: options.inputLabel }),
      },
      ...(audio === undefined ? [] : [{ path: audio, inputLabel: 'the sound rendition' }]),
    ],
    output,
    expectedDurationSec: options.durationSec ?? maxDurationSec,
    limits,
    options,
    check: (summary) => {
      durationSec = summary.streams.find((stream) => stream.type === 'video')?.durationSec ?? 0;
      if (durationSec <= 0) throw new InternalError(`The progressive MP4 ${output} has no picture`);
    },
  });
  return { ...run, path: output, frameCount: Math.round(durationSec * frameRate), durationSec };
}
