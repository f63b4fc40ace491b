import { planTranscodeChunks, type LadderPlan, type TranscodeChunk } from '@reel/ladder';
import type { TranscodeOptions } from '@reel/media-types';
import { MAX_FAN_OUT_ITEMS } from '@reel/workflow';

/**
 * The chunk plan of a source, never more chunks than the workflow's Map may run
 * (`MAX_FAN_OUT_ITEMS`: the execution's timeout budgets that many). `chunkDurationSec` is a
 * target: when the source is so long that it would need more chunks, each chunk is made longer —
 * the fewest whole segments that fit the source in `MAX_FAN_OUT_ITEMS` chunks — rather than
 * refuse a source the guardrails accept (4 h at the default 120 s would be 120 chunks).
 * `chunkDurationSec` is what the plan used (the option, or the raised length), for the result.
 * Pure: every phase of a run derives the same plan from the same inputs.
 *
 * @example
 * planFanOutChunks({ durationSec: 14_400, ladder, options }); // 2 s GOPs → 64 chunks of 226 s
 */
export function planFanOutChunks({
  durationSec,
  ladder,
  options,
}: {
  durationSec: number;
  ladder: Pick<LadderPlan, 'frameRate' | 'gopFrames' | 'video'>;
  options: Pick<TranscodeOptions, 'chunkThresholdSec' | 'chunkDurationSec'>;
}): { chunks: TranscodeChunk[]; chunkDurationSec: number } {
  const planned = planTranscodeChunks({ durationSec, plan: ladder, options });
  if (planned.length <= MAX_FAN_OUT_ITEMS) {
    return { chunks: planned, chunkDurationSec: options.chunkDurationSec };
  }
  const { frameRate, gopFrames } = ladder;
  // The same segment count planTranscodeChunks cuts: so many whole segments per chunk fit.
  const segmentCount = Math.ceil(Math.round(durationSec * frameRate) / gopFrames);
  const segmentsPerChunk = Math.ceil(segmentCount / MAX_FAN_OUT_ITEMS);
  const chunkDurationSec = (segmentsPerChunk * gopFrames) / frameRate;
  return {
    chunks: planTranscodeChunks({
      durationSec,
      plan: ladder,
      options: { ...options, chunkDurationSec },
    }),
    chunkDurationSec,
  };
}
