import type { Span } from '@reel/cut-plan';
import { detectSilences as detectSilencesInAudio, type FfmpegRuntime } from '@reel/ffmpeg-runtime';
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
 * Every quiet stretch of the audio, in whole milliseconds (the runtime's `detectSilences`, with the
 * planner's short minimum and progress).
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
  const silences = await detectSilencesInAudio({
    runtime,
    input,
    scratchDir,
    durationSec: durationMs / 1000,
    noiseDb,
    minSilenceSec: SHORTEST_QUIET_SEC,
    onProgress: ({ percent }) => reportProgress({ percent, label: 'silencedetect' }),
    observability,
    deadlineEpochMs,
    signal,
  });
  return silences.map(({ startSec, endSec }) => ({
    startMs: Math.round(startSec * 1000),
    endMs: Math.round(endSec * 1000),
  }));
}
