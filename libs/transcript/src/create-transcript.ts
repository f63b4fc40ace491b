import { buildSegments, type BuildSegmentsOptions } from './build-segments';
import { markFillers } from './mark-fillers';
import {
  TRANSCRIPT_SCHEMA_VERSION,
  transcriptSchema,
  type Transcript,
  type TranscriptProvider,
} from './transcript-schema';

/** A word as a recogniser reports it, before fillers are marked. Times may be fractional. */
export interface RecognizedWord {
  text: string;
  startMs: number;
  endMs: number;
  /** 0–1; out-of-range values are clamped. */
  confidence: number;
}

/** Options of {@link createTranscript}. */
export interface CreateTranscriptOptions {
  provider: TranscriptProvider;
  /** BCP 47, e.g. `en-US`. */
  language: string;
  /** Length of the audio: word times are kept inside it. */
  durationMs: number;
  words: readonly RecognizedWord[];
  /** How words are grouped into segments; see `buildSegments`. */
  segments?: BuildSegmentsOptions;
}

/**
 * The transcript document from a recogniser's words: times rounded to whole milliseconds and kept
 * inside `[0, durationMs]`, words sorted by start, blank words dropped, fillers marked
 * (`markFillers`), segments built (`buildSegments`), and the result checked against
 * `transcriptSchema`. Pure.
 *
 * @example
 * const transcript = createTranscript({ provider: 'local-pocketsphinx', language: 'en-US', durationMs, words });
 */
export function createTranscript({
  provider,
  language,
  durationMs,
  words,
  segments: segmentOptions,
}: CreateTranscriptOptions): Transcript {
  const totalMs = Math.max(0, Math.round(durationMs));
  const clampMs = (ms: number) => Math.min(totalMs, Math.max(0, Math.round(ms)));
  const timed = words
    .filter(({ text }) => text.trim().length > 0)
    .map(({ text, startMs, endMs, confidence }) => {
      const start = clampMs(startMs);
      return {
        text: text.trim(),
        startMs: start,
        endMs: Math.max(start, clampMs(endMs)),
        confidence: Math.min(1, Math.max(0, Number.isFinite(confidence) ? confidence : 0)),
      };
    })
    .sort((a, b) => a.startMs - b.startMs);
  const marked = markFillers(timed);
  return transcriptSchema.parse({
    schemaVersion: TRANSCRIPT_SCHEMA_VERSION,
    provider,
    language,
    durationMs: totalMs,
    words: marked,
    segments: buildSegments(marked, segmentOptions),
  });
}
