import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { JobEventRef } from '@reel/lambda-kit';
import type { StepOutput } from '@reel/manifest';
import { buildJobKey, putFiles, type MediaStorage } from '@reel/storage';
import { buildCues, writeSrt, writeVtt, type Transcript } from '@reel/transcript';

/** The keys of one job's transcript files. */
export interface TranscriptKeys {
  transcriptKey: string;
  srtKey: string;
  vttKey: string;
}

/**
 * Writes the transcript as `transcript.json`, `transcript.srt` and `transcript.vtt` into the
 * scratch dir and uploads them under the job's `transcripts/` folder (fixed names, so a new
 * attempt replaces the last one's). When an upload fails, the files this attempt already
 * uploaded are removed again before the error is rethrown.
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
  const files = [
    { name: 'transcript.json', text: `${JSON.stringify(transcript, null, 2)}\n` },
    { name: 'transcript.srt', text: writeSrt(cues) },
    { name: 'transcript.vtt', text: writeVtt(cues) },
  ];
  const outputDir = join(scratchDir, 'transcripts');
  await mkdir(outputDir);
  const toPut = await Promise.all(
    files.map(async ({ name, text }) => {
      const path = join(outputDir, name);
      await writeFile(path, text, { signal });
      return { key: buildJobKey({ ...job, kind: 'transcripts', name }), path };
    }),
  );
  const outputs: StepOutput[] = (await putFiles({ storage, files: toPut, signal })).map(
    ({ key, bytes, contentType }) => ({ key, bytes, contentType }),
  );
  const [transcriptKey, srtKey, vttKey] = outputs.map(({ key }) => key) as [string, string, string];
  return { keys: { transcriptKey, srtKey, vttKey }, outputs };
}
