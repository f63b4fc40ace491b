import { mkdir, readFile, readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { InternalError } from '@reel/error-taxonomy';
import { STRIP_METADATA_ARGS, readLimitArgs, seconds } from './argv-parts';
import { assertAbsolutePath } from './assert-path';
import type { GuardrailOverrides } from './guardrails';
import { relabelError } from './input-label';
import { limitsOf, type OperationContext } from './operation-context';
import { runOperation, type OperationOptions, type OperationRun } from './run-operation';

/** The files of a packaged rendition, named as every rendition's are. */
export const CMAF_PLAYLIST_NAME = 'index.m3u8';
export const CMAF_INIT_NAME = 'init.mp4';
/** `seg-00001.m4s`: numbered from 1, five digits (a 4 s segment grid covers 111 h). */
export const CMAF_SEGMENT_PATTERN = 'seg-%05d.m4s';

/** Options of {@link packageCmaf}. */
export interface PackageCmafOptions extends OperationOptions {
  /** Absolute path of one rendition: a rung's MP4 (`encodeLadder`) or the AAC rendition. */
  input: string;
  /** The rendition's own folder (created; removed with everything in it when packaging fails). */
  outputDir: string;
  /** The real segment length: the ladder's `gopDurationSec` (4.004 s for 4 s at 29.97 fps). */
  segmentDurationSec: number;
  /**
   * The video's output rate: the input is cut at every keyframe (one GOP per segment) and every
   * segment but the last is checked to be within a frame of `segmentDurationSec`. Absent for
   * sound, which is cut at the first packet past each multiple of `segmentDurationSec`.
   */
  frameRate?: number;
  guardrails?: GuardrailOverrides;
}

/** One CMAF media segment. */
export interface CmafSegment {
  path: string;
  /** `seg-00001.m4s`. */
  fileName: string;
  /** As the playlist's `#EXTINF` says (the muxer's measure of the segment). */
  durationSec: number;
  bytes: number;
}

/** A packaged rendition. */
export interface CmafRendition extends OperationRun {
  /** The HLS media playlist (`#EXT-X-VERSION:7`, `#EXT-X-MAP` to the init segment). */
  playlistPath: string;
  initPath: string;
  segments: CmafSegment[];
}

/**
 * ffmpeg argv packaging one stream of a rendition into CMAF (fragmented MP4) by stream copy: the `hls` muxer
 * with fMP4 segments, a VOD media playlist, `init.mp4` and `seg-00001.m4s…`. `hlsTimeSec` is the
 * muxer's cut interval. Pure.
 *
 * @example
 * buildPackageCmafArgs({ input: '/s/720p.mp4', outputDir: '/s/720p', stream: 'video', hlsTimeSec: 3.98,
 *   readLimitSec: 14_401 });
 */
export function buildPackageCmafArgs({
  input,
  outputDir,
  stream,
  hlsTimeSec,
  readLimitSec,
}: {
  input: string;
  outputDir: string;
  /** The one stream packaged: a rung's picture or the sound. */
  stream: 'video' | 'audio';
  hlsTimeSec: number;
  readLimitSec: number;
}): string[] {
  assertAbsolutePath(input, 'input');
  assertAbsolutePath(outputDir, 'outputDir');
  return [
    readLimitArgs(readLimitSec),
    ['-i', input],
    ['-map', stream === 'video' ? '0:v:0' : '0:a:0'],
    STRIP_METADATA_ARGS,
    ['-c', 'copy'],
    ['-f', 'hls', '-hls_time', seconds(hlsTimeSec), '-hls_segment_type', 'fmp4'],
    ['-hls_playlist_type', 'vod', '-hls_flags', 'independent_segments'],
    ['-hls_fmp4_init_filename', CMAF_INIT_NAME],
    ['-hls_segment_filename', join(outputDir, CMAF_SEGMENT_PATTERN), '-start_number', '1'],
    ['-y', join(outputDir, CMAF_PLAYLIST_NAME)],
  ].flat();
}

/**
 * Packages one rendition as CMAF segments an HLS media playlist and a DASH MPD can both refer to:
 * stream copy (no re-encode) into `outputDir/init.mp4` + `seg-00001.m4s…` + `index.m3u8`
 * (`#EXT-X-VERSION:7`). A video rendition is cut at every keyframe — `encodeLadder` puts them on
 * the segment grid — and each segment but the last must be within one frame of
 * `segmentDurationSec` (else an InternalError: the input was not encoded on the grid); sound is
 * cut on the same grid to the nearest packet. Input read at most the duration guardrail,
 * `deadlineAtMs`/`signal`, progress; `outputDir` is removed when anything fails.
 *
 * @example
 * const { playlistPath, segments } = await runtime.packageCmaf({ input: rungs[0].path,
 *   outputDir: join(dir, 'cmaf', '720p'), segmentDurationSec: plan.gopDurationSec, frameRate: plan.frameRate });
 */
export async function packageCmaf(
  context: OperationContext,
  { input, outputDir, segmentDurationSec, frameRate, guardrails, ...options }: PackageCmafOptions,
): Promise<CmafRendition> {
  if (!Number.isFinite(segmentDurationSec) || segmentDurationSec <= 0) {
    throw new TypeError(`segmentDurationSec must be > 0, got ${segmentDurationSec}`);
  }
  if (frameRate !== undefined && (!Number.isFinite(frameRate) || frameRate <= 0)) {
    throw new TypeError(`frameRate must be > 0, got ${frameRate}`);
  }
  // Half a frame short of the GOP: every keyframe closes a segment, with no drift over hours.
  const hlsTimeSec =
    frameRate === undefined ? segmentDurationSec : segmentDurationSec - 0.5 / frameRate;
  const { maxDurationSec, readLimitSec } = limitsOf(context, guardrails);
  await mkdir(outputDir, { recursive: true });
  const run = await runOperation({
    ...options,
    operation: 'package-cmaf',
    args: buildPackageCmafArgs({
      input,
      outputDir,
      stream: frameRate === undefined ? 'audio' : 'video',
      hlsTimeSec,
      readLimitSec,
    }),
    input,
    outputs: [outputDir],
    decodes: false,
    maxDurationSec,
    overrunToleranceSec: 0,
    runner: { ...context.runner, maxStreams: context.guardrails.maxStreams },
  });
  try {
    const rendition = await readRendition(outputDir);
    if (frameRate !== undefined) assertOnGrid(rendition.segments, segmentDurationSec, frameRate);
    return { ...run, ...rendition };
  } catch (error) {
    await rm(outputDir, { recursive: true, force: true });
    throw relabelError(error, { input, inputLabel: options.inputLabel });
  }
}

const EXTINF = /^#EXTINF:([\d.]+),/;

async function readRendition(
  outputDir: string,
): Promise<Pick<CmafRendition, 'playlistPath' | 'initPath' | 'segments'>> {
  const playlistPath = join(outputDir, CMAF_PLAYLIST_NAME);
  const lines = (await readFile(playlistPath, 'utf8')).split('\n').map((line) => line.trim());
  if (
    !lines.includes('#EXT-X-VERSION:7') ||
    !lines.includes(`#EXT-X-MAP:URI="${CMAF_INIT_NAME}"`)
  ) {
    throw new InternalError(`The packaged playlist ${playlistPath} is not a CMAF media playlist`);
  }
  const segments: CmafSegment[] = [];
  for (const [index, line] of lines.entries()) {
    const duration = EXTINF.exec(line)?.[1];
    const fileName = lines[index + 1];
    if (duration === undefined || fileName === undefined) continue;
    const path = join(outputDir, fileName);
    segments.push({
      path,
      fileName,
      durationSec: Number(duration),
      bytes: (await stat(path)).size,
    });
  }
  const expectedNames = segments.map((_, index) => `seg-${String(index + 1).padStart(5, '0')}.m4s`);
  const written = (await readdir(outputDir)).filter((name) => name.endsWith('.m4s')).sort();
  if (
    segments.length === 0 ||
    segments.some(({ fileName }, index) => fileName !== expectedNames[index]) ||
    written.join() !== expectedNames.join()
  ) {
    throw new InternalError(
      `The packaged segments in ${outputDir} are not seg-00001.m4s… in order`,
    );
  }
  return { playlistPath, initPath: join(outputDir, CMAF_INIT_NAME), segments };
}

function assertOnGrid(
  segments: readonly CmafSegment[],
  segmentDurationSec: number,
  frameRate: number,
): void {
  const frameSec = 1 / frameRate;
  const off = segments
    .slice(0, -1)
    .find(({ durationSec }) => Math.abs(durationSec - segmentDurationSec) > frameSec + 1e-6);
  if (off !== undefined) {
    throw new InternalError(
      `Segment ${off.fileName} lasts ${off.durationSec} s, more than a frame from ${segmentDurationSec} s: the rendition's keyframes are not on the segment grid`,
      { advice: 'Encode the rendition with encodeLadder and the same plan.' },
    );
  }
}
