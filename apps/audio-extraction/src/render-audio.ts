import { mkdir, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import {
  buildAsrWavArgs,
  buildAudioSegmentArgs,
  buildMp3Args,
  type FfmpegRuntime,
} from '@reel/ffmpeg-runtime';
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
  /** An empty folder in the scratch dir. */
  outputDir: string;
  /** The audio's probed duration: the base of the progress percentages. */
  durationSec: number;
  segmentSec?: number;
  mp3BitrateKbps?: number;
  reportProgress: (update: ProgressUpdate) => void;
  observability: Observability;
  deadlineEpochMs: number;
  signal: AbortSignal;
}

const SEGMENT_FILE = /^segment-(\d+)\.mp3$/;

/**
 * Runs ffmpeg once per product — the MP3, the 16 kHz mono WAV for ASR and, with `segmentSec`, the
 * MP3 segments — one after the other, reporting one overall percentage across the runs. Throws
 * the first run's typed error; the caller uploads nothing unless every run succeeded.
 */
export async function renderAudio({
  runtime,
  input,
  outputDir,
  durationSec,
  segmentSec,
  mp3BitrateKbps,
  reportProgress,
  observability,
  deadlineEpochMs,
  signal,
}: RenderAudioOptions): Promise<RenderedFile[]> {
  const mp3 = join(outputDir, 'audio.mp3');
  const wav = join(outputDir, 'audio-16k.wav');
  const segmentsDir = join(outputDir, 'segments');
  const runs = [
    {
      label: 'mp3',
      operation: 'extract-audio-mp3',
      args: buildMp3Args({ input, output: mp3, bitrateKbps: mp3BitrateKbps }),
    },
    { label: 'wav', operation: 'extract-audio-wav', args: buildAsrWavArgs({ input, output: wav }) },
    ...(segmentSec === undefined
      ? []
      : [
          {
            label: 'segments',
            operation: 'segment-audio',
            args: buildAudioSegmentArgs({
              input,
              outputDir: segmentsDir,
              segmentDurationSec: segmentSec,
            }),
          },
        ]),
  ];
  if (segmentSec !== undefined) await mkdir(segmentsDir);

  for (const [index, { label, operation, args }] of runs.entries()) {
    await runtime.run({
      operation,
      args,
      durationSec,
      onProgress: ({ percent }) =>
        reportProgress({ percent: (index * 100 + percent) / runs.length, label }),
      observability,
      deadlineEpochMs,
      signal,
    });
  }

  const segments = segmentSec === undefined ? [] : await listSegments(segmentsDir);
  return [
    { path: mp3, name: 'audio.mp3' },
    { path: wav, name: 'audio-16k.wav' },
    ...segments.map((fileName) => ({
      path: join(segmentsDir, fileName),
      name: `segments/${fileName}`,
    })),
  ];
}

/** The segment muxer's files in playback order (`%03d` grows past 999, so sort by number). */
async function listSegments(segmentsDir: string): Promise<string[]> {
  const numbered = (await readdir(segmentsDir)).flatMap((fileName) => {
    const match = SEGMENT_FILE.exec(fileName);
    return match ? [{ fileName, index: Number(match[1]) }] : [];
  });
  return numbered.sort((a, b) => a.index - b.index).map(({ fileName }) => fileName);
}
