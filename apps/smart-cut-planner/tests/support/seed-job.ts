import { Readable } from 'node:stream';
import type { JobEventRef } from '@reel/lambda-kit';
import { updateManifest } from '@reel/manifest';
import { buildJobKey } from '@reel/storage';
import { addExtractedAudio, type TestEnvironment } from '@reel/test-jobs';
import type { Transcript } from '@reel/transcript';

/**
 * A job as audio-extraction (and, with `transcript`, transcription) leaves it for the planner:
 * the input uploaded, its 16 kHz WAV stored (`addExtractedAudio`, kept in the fixtures dir as
 * `<jobId>-16k.wav`), the transcript stored and `results.transcript` pointing at it. A string
 * `transcript` is stored as is, to test damaged ones.
 */
export async function createPlannableJob(
  environment: TestEnvironment,
  {
    jobId,
    inputPath,
    transcript,
  }: { jobId: string; inputPath: string; transcript?: Transcript | string },
): Promise<JobEventRef> {
  const job = await environment.createJob(jobId, inputPath);
  const { durationSec } = await addExtractedAudio(environment, { job, mediaPath: inputPath });
  if (transcript === undefined) return job;
  const { storage, manifests } = environment.dependencies;
  const transcriptKey = (name: string) => buildJobKey({ ...job, kind: 'transcripts', name });
  const text = typeof transcript === 'string' ? transcript : JSON.stringify(transcript);
  await storage.putStream({ key: transcriptKey('transcript.json'), body: Readable.from([text]) });
  await updateManifest(manifests, job, (draft) => {
    draft.results.transcript = {
      transcriptKey: transcriptKey('transcript.json'),
      srtKey: transcriptKey('transcript.srt'),
      vttKey: transcriptKey('transcript.vtt'),
      provider: 'local-pocketsphinx',
      language: 'en-US',
      wordCount: typeof transcript === 'string' ? 0 : transcript.words.length,
      fillerCount: 0,
      durationMs: Math.round(durationSec * 1000),
    };
    return draft;
  });
  return job;
}
