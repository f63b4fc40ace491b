import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CorruptInputError } from '@reel/error-taxonomy';
import type { JobManifest } from '@reel/manifest';
import type { MediaStorage } from '@reel/storage';
import { transcriptSchema, type Transcript } from '@reel/transcript';

/**
 * The job's transcript (`results.transcript.transcriptKey`), or undefined when transcription has
 * not produced one. A stored transcript that is not JSON or not a transcript is a
 * CorruptInputError: planning without its fillers would silently give another plan.
 */
export async function readTranscript({
  manifest,
  storage,
  scratchDir,
  signal,
}: {
  manifest: JobManifest;
  storage: MediaStorage;
  scratchDir: string;
  signal: AbortSignal;
}): Promise<Transcript | undefined> {
  const key = manifest.results.transcript?.transcriptKey;
  if (key === undefined) return undefined;
  const path = join(scratchDir, 'transcript.json');
  await storage.getToFile({ key, path, signal });
  const refuse = (problem: string, cause?: unknown) =>
    new CorruptInputError(`The transcript ${key} ${problem}`, {
      cause,
      details: { key },
      advice: 'Run transcription again for this job, then plan the cuts again.',
    });
  let document: unknown;
  try {
    document = JSON.parse(await readFile(path, 'utf8'));
  } catch (error) {
    throw refuse('is not JSON', error);
  }
  const parsed = transcriptSchema.safeParse(document);
  if (!parsed.success)
    throw refuse(`is not a transcript: ${parsed.error.issues[0]?.message ?? ''}`, parsed.error);
  return parsed.data;
}
