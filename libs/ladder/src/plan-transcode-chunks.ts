import type { TranscodeOptions } from '@reel/media-types';
import type { LadderPlan } from './build-ladder';

/** One chunk of a chunked transcode: whole segments of the output's segment grid. */
export interface TranscodeChunk {
  index: number;
  /** Where the chunk starts in the source: `startFrame / fps`, on the segment grid. */
  startSec: number;
  /** The first output frame it holds: a multiple of `gopFrames`. */
  startFrame: number;
  /**
   * How long it is (the last chunk: to the probed end, for progress). Encode the last chunk with
   * no `durationSec` (to the end of the source), the others with this one.
   */
  durationSec: number;
  /** Frames it holds; absent on the last chunk (it runs to the source's end). */
  frameCount?: number;
  /** The number of its first segment in the joined rendition (segments are numbered from 1). */
  firstSegmentNumber: number;
  isLast: boolean;
}

/** Options of {@link planTranscodeChunks}. */
export interface PlanTranscodeChunksOptions {
  /** The source's (probed) duration. */
  durationSec: number;
  /** The ladder: its frame rate and GOP make the segment grid. */
  plan: Pick<LadderPlan, 'frameRate' | 'gopFrames' | 'video'>;
  options: Pick<TranscodeOptions, 'chunkThresholdSec' | 'chunkDurationSec'>;
}

/**
 * Cuts a long source into chunks on the output's segment grid so chunk encodes joined end to end
 * are the single encode: each chunk is whole GOPs (`gopFrames`) of the constant output rate,
 * starts on a keyframe the single encode would also have, and the chunks are as even as whole
 * segments allow (≈ `chunkDurationSec` each). One chunk (the whole source) when it lasts at most
 * `chunkThresholdSec` or has no picture (the sound is always encoded once, whole). Pure.
 *
 * @example
 * planTranscodeChunks({ durationSec: 180, plan, options: { chunkThresholdSec: 60, chunkDurationSec: 48 } });
 * // 25 fps, gopFrames 100 → 4 chunks: frames 0, 1200, 2400, 3600 (0, 48, 96, 144 s), segments 1, 13, 25, 37
 */
export function planTranscodeChunks({
  durationSec,
  plan,
  options,
}: PlanTranscodeChunksOptions): TranscodeChunk[] {
  if (!Number.isFinite(durationSec) || durationSec <= 0) {
    throw new TypeError(`durationSec must be a positive number, got ${durationSec}`);
  }
  const { frameRate, gopFrames } = plan;
  const whole: TranscodeChunk = {
    index: 0,
    startSec: 0,
    startFrame: 0,
    durationSec,
    firstSegmentNumber: 1,
    isLast: true,
  };
  if (durationSec <= options.chunkThresholdSec || plan.video.length === 0) return [whole];
  const segmentCount = Math.ceil(Math.round(durationSec * frameRate) / gopFrames);
  const segmentsPerChunkWanted = Math.max(
    1,
    Math.round((options.chunkDurationSec * frameRate) / gopFrames),
  );
  const chunkCount = Math.ceil(segmentCount / segmentsPerChunkWanted);
  if (chunkCount <= 1) return [whole];
  // Even chunks: the first `segmentCount % chunkCount` get one segment more.
  const base = Math.floor(segmentCount / chunkCount);
  const longer = segmentCount % chunkCount;
  const chunks: TranscodeChunk[] = [];
  let firstSegment = 0;
  for (let index = 0; index < chunkCount; index += 1) {
    const segments = base + (index < longer ? 1 : 0);
    const startFrame = firstSegment * gopFrames;
    const startSec = startFrame / frameRate;
    const isLast = index === chunkCount - 1;
    const frameCount = segments * gopFrames;
    chunks.push({
      index,
      startSec,
      startFrame,
      durationSec: isLast ? durationSec - startSec : frameCount / frameRate,
      ...(isLast ? {} : { frameCount }),
      firstSegmentNumber: firstSegment + 1,
      isLast,
    });
    firstSegment += segments;
  }
  return chunks;
}
