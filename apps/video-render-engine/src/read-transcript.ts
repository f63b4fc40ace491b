import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CorruptInputError } from '@reel/error-taxonomy';
import type { JobManifest } from '@reel/manifest';
import type { MediaStorage } from '@reel/storage';
import { transcriptSchema, type Transcript } from '@reel/transcript';

/**
 * The job's transcript, or undefined when the job has none (the render then has no subtitles). A
 * stored transcript that is not one is a CorruptInputError: subtitles silently missing from a
 * render would look like a render bug.
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
  const path = join(scratchDir, 'source-transcript.json');
  await storage.getToFile({ key, path, signal });
  let document: unknown;
  try {
    document = JSON.parse(await readFile(path, 'utf8'));
  } catch (error) {
    document = error;
  }
  const parsed = transcriptSchema.safeParse(document);
  if (!parsed.success) {
    throw new CorruptInputError(`The transcript ${key} is not a valid transcript`, {
      cause: parsed.error,
      details: { key },
      advice: 'Run transcription again for this job, then render again.',
    });
  }
  return parsed.data;
}
