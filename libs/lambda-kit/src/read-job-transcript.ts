import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CorruptInputError } from '@reel/error-taxonomy';
import type { JobManifest } from '@reel/manifest';
import type { MediaStorage } from '@reel/storage';
import { transcriptSchema, type Transcript } from '@reel/transcript';

/** Options of {@link readJobTranscript}. */
export interface ReadJobTranscriptOptions {
  manifest: JobManifest;
  storage: MediaStorage;
  /** The step's scratch directory: the transcript is downloaded there as `fileName`. */
  scratchDir: string;
  signal: AbortSignal;
  /** Default `transcript.json`. */
  fileName?: string;
  /** What to do after running transcription again, e.g. `then render again.` (the error's advice). */
  thenAdvice: string;
}

/**
 * The job's transcript (`results.transcript.transcriptKey`), or undefined when transcription has
 * not produced one. A stored transcript that is not JSON or not a transcript is a
 * CorruptInputError (advice: run transcription again, then `thenAdvice`): a step that went on
 * without it would silently give another plan or a render without its subtitles.
 *
 * @example
 * const transcript = await readJobTranscript({ manifest, storage, scratchDir, signal,
 *   thenAdvice: 'then plan the cuts again.' });
 */
export async function readJobTranscript({
  manifest,
  storage,
  scratchDir,
  signal,
  fileName = 'transcript.json',
  thenAdvice,
}: ReadJobTranscriptOptions): Promise<Transcript | undefined> {
  const key = manifest.results.transcript?.transcriptKey;
  if (key === undefined) return undefined;
  const path = join(scratchDir, fileName);
  await storage.getToFile({ key, path, signal });
  const refuse = (problem: string, cause?: unknown) =>
    new CorruptInputError(`The transcript ${key} ${problem}`, {
      cause,
      details: { key },
      advice: `Run transcription again for this job, ${thenAdvice}`,
    });
  let document: unknown;
  try {
    document = JSON.parse(await readFile(path, 'utf8'));
  } catch (error) {
    throw refuse('is not JSON', error);
  }
  const parsed = transcriptSchema.safeParse(document);
  if (!parsed.success) {
    throw refuse(`is not a transcript: ${parsed.error.issues[0]?.message ?? ''}`, parsed.error);
  }
  return parsed.data;
}
