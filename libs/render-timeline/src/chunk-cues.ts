import type { SubtitleCue } from '@reel/transcript';
import type { RenderChunk } from './plan-render-chunks';

/** Options of {@link cuesForChunk}. */
export interface CuesForChunkOptions {
  /** The whole render's cues (`retimeCues` with the intro's length as offset), in order. */
  cues: readonly SubtitleCue[];
  chunk: Pick<RenderChunk, 'outputOffsetSec' | 'durationSec' | 'isFirst' | 'isLast'>;
  /** The intro's length: it plays at the start of the first chunk. Default 0. */
  introSec?: number;
}

/**
 * The cues a chunk burns in, on the chunk's own clock: the whole render's cues shifted by where the
 * chunk starts in the render (the first chunk at 0, with the intro; a later one at
 * `introSec + outputOffsetSec`) and clipped to the chunk (the last one keeps everything after its
 * start, the outro included). A cue across a chunk join is split in two there; on the joined
 * picture it shows without a break. Pure.
 *
 * @example
 * const cues = retimeCues({ cues: sourceCues, timeline, offsetSec: introSec });
 * await writeFile(srtPath, writeSrt(cuesForChunk({ cues, chunk: chunks[1], introSec })));
 */
export function cuesForChunk({ cues, chunk, introSec = 0 }: CuesForChunkOptions): SubtitleCue[] {
  const startMs = chunk.isFirst ? 0 : (introSec + chunk.outputOffsetSec) * 1000;
  const endMs = chunk.isLast
    ? Number.POSITIVE_INFINITY
    : (introSec + chunk.outputOffsetSec + chunk.durationSec) * 1000;
  return cues.flatMap((cue) => {
    const clippedStartMs = Math.max(cue.startMs, startMs);
    const clippedEndMs = Math.min(cue.endMs, endMs);
    if (clippedEndMs <= clippedStartMs) return [];
    return [
      {
        startMs: Math.round(clippedStartMs - startMs),
        endMs: Math.round(clippedEndMs - startMs),
        lines: [...cue.lines],
      },
    ];
  });
}
