import type { SilenceSpan } from '@reel/ffmpeg-runtime';

/** One piece of the audio transcribed on its own. */
export interface AudioChunk {
  index: number;
  startSec: number;
  endSec: number;
}

/**
 * Splits `[0, durationSec]` into consecutive chunks of at most `chunkMaxSec`, cutting in the
 * middle of a silence so that no word is cut in two: each chunk ends at the midpoint of the last
 * silence that fits, and only where no silence's midpoint lies in the next `chunkMaxSec` is the
 * audio cut at exactly `chunkMaxSec`. Audio no longer than `chunkMaxSec` is one chunk. Pure.
 *
 * @example
 * planChunks({ durationSec: 300, silences, chunkMaxSec: 120 });
 * // → [{ index: 0, startSec: 0, endSec: 117.4 }, { index: 1, startSec: 117.4, endSec: 231 }, …]
 */
export function planChunks({
  durationSec,
  silences,
  chunkMaxSec,
}: {
  durationSec: number;
  silences: readonly SilenceSpan[];
  chunkMaxSec: number;
}): AudioChunk[] {
  if (!Number.isFinite(chunkMaxSec) || chunkMaxSec <= 0) {
    throw new TypeError(`chunkMaxSec must be a positive number, got ${chunkMaxSec}`);
  }
  if (!Number.isFinite(durationSec) || durationSec < 0) {
    throw new TypeError(`durationSec must be a finite number ≥ 0, got ${durationSec}`);
  }
  const cutPoints = silences
    .map(({ startSec, endSec }) => (startSec + endSec) / 2)
    .filter((sec) => sec > 0 && sec < durationSec)
    .sort((a, b) => a - b);
  const chunks: AudioChunk[] = [];
  let startSec = 0;
  while (durationSec - startSec > chunkMaxSec) {
    const limitSec = startSec + chunkMaxSec;
    const endSec = cutPoints.filter((sec) => sec > startSec && sec <= limitSec).at(-1) ?? limitSec;
    chunks.push({ index: chunks.length, startSec, endSec });
    startSec = endSec;
  }
  chunks.push({ index: chunks.length, startSec, endSec: durationSec });
  return chunks;
}
