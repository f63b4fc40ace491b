export {
  TRANSCRIPT_SCHEMA_VERSION,
  transcriptProviders,
  transcriptSchema,
  transcriptSegmentSchema,
  transcriptWordSchema,
} from './transcript-schema';
export type {
  Transcript,
  TranscriptProvider,
  TranscriptSegment,
  TranscriptWord,
} from './transcript-schema';
export { TRANSCRIPT_JSON_SCHEMA_PATH, transcriptJsonSchema } from './transcript-json-schema';
export { fillerPhrases, fillerTokens, markFillers, normalizeToken } from './mark-fillers';
export { buildSegments } from './build-segments';
export type { BuildSegmentsOptions, TimedText } from './build-segments';
export { createTranscript } from './create-transcript';
export type { CreateTranscriptOptions, RecognizedWord } from './create-transcript';
export { buildCues } from './build-cues';
export type { BuildCuesOptions, SubtitleCue } from './build-cues';
export { writeSrt } from './write-srt';
export { writeVtt } from './write-vtt';
export { parseSrt } from './parse-srt';
export { parseVtt } from './parse-vtt';
export { formatTimestamp } from './subtitle-syntax';
export type { SubtitleFormat } from './subtitle-syntax';
