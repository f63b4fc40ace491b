import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Observability } from '@reel/observability';
import { buildSilenceDetectArgs } from './build-silence-detect-args';
import type { FfmpegRuntime } from './create-ffmpeg-runtime';
import { parseSilenceLog, type SilenceSpan } from './parse-silence-log';
import type { FfmpegProgress } from './progress-parser';

export interface DetectSilencesOptions {
  runtime: Pick<FfmpegRuntime, 'run'>;
  /** Absolute path of the audio (or video: its first audio stream). */
  input: string;
  /** A directory the caller owns (the step's scratch dir); the silence log is written there. */
  scratchDir: string;
  /** The probed duration: closes a silence still open at the end, and the base of progress. */
  durationSec: number;
  /** Loudness below which audio counts as silent, in dB. Default -35. */
  noiseDb?: number;
  /** Shortest silence reported, in seconds. Default 0.4. */
  minSilenceSec?: number;
  onProgress?: (progress: FfmpegProgress) => void;
  observability?: Observability;
  deadlineEpochMs?: number;
  signal?: AbortSignal;
}

/**
 * Every silence of the audio, in seconds: ffmpeg's silencedetect run through the runtime with its
 * events written to a file in `scratchDir` (the runner keeps only a bounded stderr tail, and an
 * hour of audio has thousands of events), then parsed.
 *
 * @example
 * const silences = await detectSilences({ runtime, input: wavPath, scratchDir, durationSec, minSilenceSec: 0.1 });
 */
export async function detectSilences({
  runtime,
  input,
  scratchDir,
  durationSec,
  noiseDb,
  minSilenceSec,
  onProgress,
  observability,
  deadlineEpochMs,
  signal,
}: DetectSilencesOptions): Promise<SilenceSpan[]> {
  const logFile = join(scratchDir, 'silences.txt');
  await runtime.run({
    operation: 'detect-silence',
    args: buildSilenceDetectArgs({ input, logFile, noiseDb, minSilenceSec }),
    durationSec,
    onProgress,
    observability,
    deadlineEpochMs,
    signal,
  });
  return parseSilenceLog(await readFile(logFile, 'utf8'), { durationSec });
}
