import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Span } from '@reel/cut-plan';
import { buildSilenceDetectArgs, parseSilenceLog, type FfmpegRuntime } from '@reel/ffmpeg-runtime';
import type { ProgressUpdate } from '@reel/lambda-kit';
import type { Observability } from '@reel/observability';

export interface DetectSilencesOptions {
  runtime: FfmpegRuntime;
  /** The 16 kHz WAV in the scratch dir. */
  input: string;
  scratchDir: string;
  durationMs: number;
  noiseDb: number;
  reportProgress: (update: ProgressUpdate) => void;
  observability: Observability;
  deadlineEpochMs: number;
  signal: AbortSignal;
}

/**
 * Pauses this short and longer are reported: the planner cuts only those of `minSilenceMs`, but
 * needs the short ones to know that a brief kept stretch between two cuts holds no sound.
 */
const SHORTEST_QUIET_SEC = 0.1;

/**
 * Every quiet stretch of the audio, in whole milliseconds: silencedetect through the runtime, its
 * events read from the `ametadata` file (the runner keeps only a bounded stderr tail).
 */
export async function detectSilences({
  runtime,
  input,
  scratchDir,
  durationMs,
  noiseDb,
  reportProgress,
  observability,
  deadlineEpochMs,
  signal,
}: DetectSilencesOptions): Promise<Span[]> {
  const logFile = join(scratchDir, 'silences.txt');
  await runtime.run({
    operation: 'detect-silence',
    args: buildSilenceDetectArgs({ input, logFile, noiseDb, minSilenceSec: SHORTEST_QUIET_SEC }),
    durationSec: durationMs / 1000,
    onProgress: ({ percent }) => reportProgress({ percent, label: 'silencedetect' }),
    observability,
    deadlineEpochMs,
    signal,
  });
  const silences = parseSilenceLog(await readFile(logFile, 'utf8'), {
    durationSec: durationMs / 1000,
  });
  return silences.map(({ startSec, endSec }) => ({
    startMs: Math.round(startSec * 1000),
    endMs: Math.round(endSec * 1000),
  }));
}
