import { join } from 'node:path';
import type { JobEventRef } from '@reel/lambda-kit';
import { updateManifest } from '@reel/manifest';
import { buildJobKey } from '@reel/storage';
import { execa } from 'execa';
import type { TestEnvironment } from './test-environment';

/** What {@link addExtractedAudio} stored. */
export interface ExtractedAudio {
  /** The 16 kHz mono WAV, kept in the fixtures dir as `<jobId>-16k.wav`. */
  wavPath: string;
  wavKey: string;
  durationSec: number;
}

/**
 * Leaves a job as audio-extraction would for the steps after it: `mediaPath` converted with plain
 * ffmpeg (not the code under test) to 16 kHz mono PCM WAV, stored at `audio/audio-16k.wav`, and
 * `results.audio` pointing at it (its `mp3Key` names an MP3 that is not written).
 *
 * @example
 * const job = await environment.createJob('talk', clipPath);
 * const { durationSec } = await addExtractedAudio(environment, { job, mediaPath: clipPath });
 */
export async function addExtractedAudio(
  environment: TestEnvironment,
  { job, mediaPath }: { job: JobEventRef; mediaPath: string },
): Promise<ExtractedAudio> {
  const { storage, manifests } = environment.dependencies;
  const wavPath = join(environment.fixturesDir, `${job.jobId}-16k.wav`);
  // prettier-ignore
  await execa('ffmpeg', [
    '-nostdin', '-v', 'error', '-i', mediaPath,
    '-map', '0:a:0', '-ac', '1', '-ar', '16000', '-c:a', 'pcm_s16le', '-y', wavPath,
  ]);
  const { stdout } = await execa('ffprobe', [
    ...['-v', 'error', '-show_entries', 'format=duration', '-of', 'csv=p=0', wavPath],
  ]);
  const durationSec = Number(stdout);
  const audioKey = (name: string) => buildJobKey({ ...job, kind: 'audio', name });
  const wavKey = audioKey('audio-16k.wav');
  await storage.putFile({ key: wavKey, path: wavPath });
  await updateManifest(manifests, job, (draft) => {
    draft.results.audio = { mp3Key: audioKey('audio.mp3'), wavKey, durationSec };
    return draft;
  });
  return { wavPath, wavKey, durationSec };
}
