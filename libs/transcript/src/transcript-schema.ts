import * as z from 'zod';

/** The transcript layout this code writes; a breaking change bumps it. */
export const TRANSCRIPT_SCHEMA_VERSION = 1;

export const transcriptProviders = ['local-pocketsphinx', 'aws-transcribe'] as const;
export type TranscriptProvider = (typeof transcriptProviders)[number];

const milliseconds = z.number().int().nonnegative();

/** One recognised token with its time span. Fillers (um, uh, "you know") are kept and marked. */
export const transcriptWordSchema = z.object({
  text: z.string().min(1).describe('The word as recognised; AWS Transcribe attaches punctuation'),
  startMs: milliseconds,
  endMs: milliseconds,
  /** 0–1; providers that give none report 1. */
  confidence: z.number().min(0).max(1).describe('0–1; providers that give none report 1'),
  /** A filler token or part of a multi-word filler; the cut planner may remove it. */
  filler: z.boolean().describe('A filler token or part of a multi-word filler ("you know")'),
});

/** A run of words read as one phrase (a caption-sized unit, split at pauses). */
export const transcriptSegmentSchema = z.object({
  startMs: milliseconds,
  endMs: milliseconds,
  text: z.string(),
  /** Index of the segment's first word in `words`. */
  firstWordIndex: z.number().int().nonnegative().describe("Index of the segment's first word"),
  /** Index one past the segment's last word. */
  endWordIndex: z.number().int().nonnegative().describe("Index one past the segment's last word"),
});

/**
 * A word-timed transcript: what transcription writes to `transcripts/transcript.json` and what the
 * cut planner and subtitle writers read. Times are milliseconds from the start of the audio.
 * Beyond the shape, parsing checks the timeline (see {@link checkTimeline}); JSON Schema cannot
 * express those checks, so the exported JSON Schema has the shape only.
 *
 * @example
 * const transcript = transcriptSchema.parse(JSON.parse(await readFile(path, 'utf8')));
 */
export const transcriptSchema = z
  .object({
    schemaVersion: z.literal(TRANSCRIPT_SCHEMA_VERSION),
    provider: z.enum(transcriptProviders),
    /** BCP 47, e.g. `en-US`. */
    language: z.string().min(2).describe('BCP 47, e.g. en-US'),
    durationMs: milliseconds.describe('Length of the transcribed audio'),
    words: z.array(transcriptWordSchema),
    segments: z.array(transcriptSegmentSchema),
  })
  .superRefine(checkTimeline)
  .meta({
    title: 'Transcript',
    description: 'A reel transcript with word timings, fillers marked.',
  });

export type Transcript = z.infer<typeof transcriptSchema>;
export type TranscriptWord = z.infer<typeof transcriptWordSchema>;
export type TranscriptSegment = z.infer<typeof transcriptSegmentSchema>;

/**
 * Spans run forwards, words are in time order and end within the audio, and each segment names a
 * non-empty range of existing words: one issue per break, with its path, for whoever edited it.
 */
function checkTimeline(
  transcript: { durationMs: number; words: TranscriptWord[]; segments: TranscriptSegment[] },
  context: z.RefinementCtx,
): void {
  const issue = (path: Array<string | number>, message: string) =>
    context.addIssue({ code: 'custom', path, message });
  transcript.words.forEach((word, index) => {
    if (word.endMs < word.startMs) issue(['words', index, 'endMs'], 'endMs is before startMs');
    if (word.endMs > transcript.durationMs)
      issue(['words', index, 'endMs'], 'endMs is past the end of the audio (durationMs)');
    const previous = transcript.words[index - 1];
    if (previous !== undefined && word.startMs < previous.startMs)
      issue(['words', index, 'startMs'], 'words are not in time order');
  });
  transcript.segments.forEach((segment, index) => {
    if (segment.endMs < segment.startMs)
      issue(['segments', index, 'endMs'], 'endMs is before startMs');
    if (
      segment.firstWordIndex >= segment.endWordIndex ||
      segment.endWordIndex > transcript.words.length
    )
      issue(['segments', index], 'firstWordIndex..endWordIndex is not a non-empty range of words');
  });
}
