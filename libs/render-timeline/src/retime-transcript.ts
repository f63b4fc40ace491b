import type { Transcript, TranscriptSegment, TranscriptWord } from '@reel/transcript';
import { playedParts } from './played-parts';
import type { RenderTimeline } from './render-timeline';

/** Options of {@link retimeTranscript}. */
export interface RetimeTranscriptOptions {
  /** The transcript on the source's timeline. */
  transcript: Transcript;
  timeline: Pick<RenderTimeline, 'pieces' | 'mainDurationSec'>;
  /** Where the main programme starts in the render: the intro's length. Default 0. */
  offsetSec?: number;
  /** The render's length (intro + main + outro). Default `offsetSec + mainDurationSec`. */
  durationSec?: number;
}

/** A zero-length word is looked up as this short span (seconds), so it has a piece to be in. */
const INSTANT_SEC = 0.0005;

/**
 * The transcript on the render's timeline, so players and editors can follow along: a word is kept
 * when at least half of it plays (not in a removed or muted span), and then runs from where its
 * first played part starts to where its last ends; times shift, scale and move by `offsetSec` as
 * {@link retimeCues} does. Segments keep their surviving words (re-indexed, text rebuilt); a
 * segment with none is dropped. The result still passes `transcriptSchema`: words in start order,
 * whole ms, ending within `durationMs`. Pure.
 *
 * @example
 * const edited = retimeTranscript({ transcript, timeline, offsetSec: introSec });
 * await writeFile('render.transcript.json', JSON.stringify(edited));
 */
export function retimeTranscript({
  transcript,
  timeline,
  offsetSec = 0,
  durationSec = offsetSec + timeline.mainDurationSec,
}: RetimeTranscriptOptions): Transcript {
  const durationMs = Math.round(durationSec * 1000);
  const offsetMs = offsetSec * 1000;
  const words: TranscriptWord[] = [];
  const newIndexByOldIndex = new Map<number, number>();
  transcript.words.forEach((word, oldIndex) => {
    const sourceStartSec = word.startMs / 1000;
    const sourceEndSec = Math.max(word.endMs / 1000, sourceStartSec + INSTANT_SEC);
    const { parts, heardSourceSec } = playedParts(timeline, sourceStartSec, sourceEndSec);
    const first = parts[0];
    const last = parts.at(-1);
    if (first === undefined || last === undefined) return;
    if (heardSourceSec < (sourceEndSec - sourceStartSec) / 2) return;
    const previousStartMs = words.at(-1)?.startMs ?? 0;
    const startMs = Math.min(
      durationMs,
      Math.max(previousStartMs, Math.round(offsetMs + first.outputStartSec * 1000)),
    );
    const endMs =
      word.endMs === word.startMs
        ? startMs
        : Math.min(durationMs, Math.max(startMs, Math.round(offsetMs + last.outputEndSec * 1000)));
    newIndexByOldIndex.set(oldIndex, words.length);
    words.push({ ...word, startMs, endMs });
  });
  return {
    ...transcript,
    durationMs,
    words,
    segments: transcript.segments.flatMap((segment) =>
      reindexSegment(segment, words, newIndexByOldIndex),
    ),
  };
}

function reindexSegment(
  segment: TranscriptSegment,
  words: readonly TranscriptWord[],
  newIndexByOldIndex: ReadonlyMap<number, number>,
): TranscriptSegment[] {
  const newIndexes: number[] = [];
  for (let index = segment.firstWordIndex; index < segment.endWordIndex; index += 1) {
    const newIndex = newIndexByOldIndex.get(index);
    if (newIndex !== undefined) newIndexes.push(newIndex);
  }
  const firstWordIndex = newIndexes[0];
  const lastWordIndex = newIndexes.at(-1);
  if (firstWordIndex === undefined || lastWordIndex === undefined) return [];
  const segmentWords = words.slice(firstWordIndex, lastWordIndex + 1);
  return [
    {
      startMs: segmentWords[0]?.startMs ?? 0,
      endMs: Math.max(...segmentWords.map(({ endMs }) => endMs)),
      text: segmentWords.map(({ text }) => text).join(' '),
      firstWordIndex,
      endWordIndex: lastWordIndex + 1,
    },
  ];
}
