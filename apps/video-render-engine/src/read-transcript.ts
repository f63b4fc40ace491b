import type { JobManifest } from '@reel/manifest';
import { readJobTranscript } from '@reel/lambda-kit';
import type { MediaStorage } from '@reel/storage';
import type { Transcript } from '@reel/transcript';

/**
 * The job's transcript, or undefined when the job has none (the render then has no subtitles). A
 * stored transcript that is not one is a CorruptInputError (`readJobTranscript`): subtitles
 * silently missing from a render would look like a render bug.
 */
export function readTranscript(options: {
  manifest: JobManifest;
  storage: MediaStorage;
  scratchDir: string;
  signal: AbortSignal;
}): Promise<Transcript | undefined> {
  return readJobTranscript({
    ...options,
    fileName: 'source-transcript.json',
    thenAdvice: 'then render again.',
  });
}
