import { basename, join } from 'node:path';
import type { FfmpegRuntime } from '@reel/ffmpeg-runtime';
import type { ProgressUpdate } from '@reel/lambda-kit';
import type { Observability } from '@reel/observability';

/** A file ffmpeg wrote into the output dir, named as it will be under the job's `audio/` folder. */
export interface RenderedFile {
  path: string;
  /** `audio.mp3`, `audio-16k.wav`, `segments/segment-000.mp3`, … */
  name: string;
}

export interface RenderAudioOptions {
  runtime: FfmpegRuntime;
  input: string;
  /** The upload's own name, used in error messages instead of the scratch path. */
  inputLabel?: string;
  /** An empty folder in the scratch dir. */
  outputDir: string;
  /** The audio's probed duration: the base of the progress percentages. */
  durationSec: number;
  segmentDurationSec?: number;
  mp3BitrateKbps?: number;
  reportProgress: (update: ProgressUpdate) => void;
  observability: Observability;
  deadlineAtMs: number;
  signal: AbortSignal;
}

/**
 * Runs the runtime's operations one after the other — the MP3, the 16 kHz mono WAV for ASR and,
 * with `segmentDurationSec`, the MP3 segments — reporting one overall percentage across them. Each reads
 * at most the duration guardrail and fails on a damaged input (decode errors); the first failure
 * is thrown and the caller uploads nothing.
 */
export async function renderAudio({
  runtime,
  input,
  inputLabel,
  outputDir,
  durationSec,
  segmentDurationSec,
  mp3BitrateKbps,
  reportProgress,
  observability,
  deadlineAtMs,
  signal,
}: RenderAudioOptions): Promise<RenderedFile[]> {
  const mp3 = join(outputDir, 'audio.mp3');
  const wav = join(outputDir, 'audio-16k.wav');
  const segmentsDir = join(outputDir, 'segments');
  const runCount = segmentDurationSec === undefined ? 2 : 3;
  const common = (index: number, label: string) => ({
    input,
    inputLabel,
    durationSec,
    onProgress: ({ percent }: { percent: number }) =>
      reportProgress({ percent: (index * 100 + percent) / runCount, label }),
    observability,
    deadlineAtMs,
    signal,
  });

  await runtime.extractMp3({ ...common(0, 'mp3'), output: mp3, bitrateKbps: mp3BitrateKbps });
  await runtime.extractAsrWav({ ...common(1, 'wav'), output: wav });
  const segments =
    segmentDurationSec === undefined
      ? []
      : (
          await runtime.segmentAudio({
            ...common(2, 'segments'),
            outputDir: segmentsDir,
            segmentDurationSec,
          })
        ).files;

  return [
    { path: mp3, name: 'audio.mp3' },
    { path: wav, name: 'audio-16k.wav' },
    ...segments.map((path) => ({ path, name: `segments/${basename(path)}` })),
  ];
}
