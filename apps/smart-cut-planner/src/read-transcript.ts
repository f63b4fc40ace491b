import type { JobManifest } from '@reel/manifest';
import { readJobTranscript } from '@reel/lambda-kit';
import type { MediaStorage } from '@reel/storage';
import type { Transcript } from '@reel/transcript';

/**
 * The job's transcript, or undefined when transcription has not produced one. A stored transcript
 * that is not JSON or not a transcript is a CorruptInputError (`readJobTranscript`): planning
 * without its fillers would silently give another plan.
 */
export function readTranscript(options: {
  manifest: JobManifest;
  storage: MediaStorage;
  scratchDir: string;
  signal: AbortSignal;
}): Promise<Transcript | undefined> {
  return readJobTranscript({ ...options, thenAdvice: 'then plan the cuts again.' });
}
