import { publishStepOutputs, type JobEventRef } from '@reel/lambda-kit';
import type { StepOutput } from '@reel/manifest';
import type { MediaStorage } from '@reel/storage';
import { buildCues, writeSrt, writeVtt, type Transcript } from '@reel/transcript';

/** The keys of one job's transcript files. */
export interface TranscriptKeys {
  transcriptKey: string;
  srtKey: string;
  vttKey: string;
}

/**
 * Publishes the transcript as `transcript.json`, `transcript.srt` and `transcript.vtt` under the
 * job's `transcripts/` folder (fixed names, so a new attempt replaces the last one's).
 */
export async function publishTranscript({
  transcript,
  job,
  storage,
  scratchDir,
  signal,
}: {
  transcript: Transcript;
  job: JobEventRef;
  storage: MediaStorage;
  scratchDir: string;
  signal: AbortSignal;
}): Promise<{ keys: TranscriptKeys; outputs: StepOutput[] }> {
  const cues = buildCues({ words: transcript.words, segments: transcript.segments });
  const outputs = await publishStepOutputs({
    job,
    kind: 'transcripts',
    files: [
      { name: 'transcript.json', text: `${JSON.stringify(transcript, null, 2)}\n` },
      { name: 'transcript.srt', text: writeSrt(cues) },
      { name: 'transcript.vtt', text: writeVtt(cues) },
    ],
    storage,
    scratchDir,
    signal,
  });
  const [transcriptKey, srtKey, vttKey] = outputs.map(({ key }) => key) as [string, string, string];
  return { keys: { transcriptKey, srtKey, vttKey }, outputs };
}
