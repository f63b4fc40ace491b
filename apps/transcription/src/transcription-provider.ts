import type { Observability } from '@reel/observability';
import type { RecognizedWord, TranscriptProvider } from '@reel/transcript';

/** The languages both providers are set up for (pocketsphinx ships an en-US model only). */
export const transcriptionLanguages = ['en-US'] as const;
export type TranscriptionLanguage = (typeof transcriptionLanguages)[number];

/** How far a transcription has come: one unit per chunk (one in all for unchunked audio). */
export interface ChunkProgress {
  chunksDone: number;
  chunkCount: number;
}

/** What a provider is asked to transcribe. */
export interface TranscribeRequest {
  /** The 16 kHz mono PCM WAV, downloaded into `scratchDir`. */
  wavPath: string;
  /** The same WAV's object key, for providers that read media from object storage. */
  wavKey: string;
  durationSec: number;
  language: TranscriptionLanguage;
  /** The invocation's scratch dir: providers put their temporary files under it. */
  scratchDir: string;
  onProgress: (progress: ChunkProgress) => void;
  observability: Observability;
  deadlineAtMs: number;
  signal: AbortSignal;
}

/**
 * A speech recogniser behind one call: audio in, words with times (ms from the start of the WAV)
 * and confidence out. Fillers are marked and segments built afterwards, the same for every provider.
 */
export interface TranscriptionProvider {
  /** Recorded as the transcript's `provider`. */
  readonly name: TranscriptProvider;
  transcribe(request: TranscribeRequest): Promise<RecognizedWord[]>;
}
