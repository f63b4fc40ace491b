import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { InvalidRequestError, UnsupportedMediaError } from '@reel/error-taxonomy';
import { withScratchDir } from '@reel/ffmpeg-runtime';
import type { ProbeSummary } from '@reel/media-types';
import { fetchJobInput, type StepContext, type StepOutcome } from '@reel/lambda-kit';
import { requireJobInput, type JobManifest } from '@reel/manifest';
import * as z from 'zod';
import { publishOutputs } from './publish-outputs';
import { renderAudio } from './render-audio';

/**
 * The step's keys of the workflow's `options`; other steps' keys are dropped, not refused, since
 * every task receives the same options object.
 */
export const audioExtractionOptionsSchema = z.object({
  /** Also cut the audio into MP3 segments this long (the last one shorter); absent: no segments. */
  segmentDurationSec: z.number().min(5).max(600).optional(),
  /** Constant MP3 bitrate instead of LAME VBR quality 2. */
  mp3BitrateKbps: z.number().int().min(32).max(320).optional(),
});

export type AudioExtractionOptions = z.output<typeof audioExtractionOptionsSchema>;

/**
 * The `audio-extraction` step: the input's first audio stream → `audio/audio.mp3`,
 * `audio/audio-16k.wav` (16 kHz mono PCM for ASR) and optionally `audio/segments/segment-NNN.mp3`.
 * Everything is rendered in a scratch dir first; objects are uploaded only once every ffmpeg run
 * succeeded, and the scratch dir is removed on every path.
 */
export async function extractAudio({
  job,
  options,
  manifest,
  dependencies: { storage, runtime },
  observability,
  deadlineAtMs,
  signal,
  reportProgress,
}: StepContext<AudioExtractionOptions>): Promise<StepOutcome> {
  const source = requireJobInput(manifest);
  const summary = validatedProbe(manifest);
  return withScratchDir(
    async (scratchDir) => {
      const input = await fetchJobInput({ storage, input: source, scratchDir, signal });
      const durationSec = audioDurationSec(summary);
      const outputDir = join(scratchDir, 'out');
      await mkdir(outputDir);
      const files = await renderAudio({
        runtime,
        input,
        inputLabel: source.fileName,
        outputDir,
        durationSec,
        segmentDurationSec: options.segmentDurationSec,
        mp3BitrateKbps: options.mp3BitrateKbps,
        reportProgress,
        observability,
        deadlineAtMs,
        signal,
      });
      const outputs = await publishOutputs({
        files,
        job,
        storage,
        runtime,
        observability,
        deadlineAtMs,
        signal,
      });
      const [mp3, wav, ...segments] = outputs;
      if (mp3 === undefined || wav === undefined)
        throw new TypeError('renderAudio always returns the MP3 and the WAV');
      observability.logger.info('Audio extracted', {
        outputs: outputs.length,
        durationSec: wav.durationSec,
      });
      return {
        outputs,
        results: {
          audio: {
            mp3Key: mp3.key,
            wavKey: wav.key,
            ...(options.segmentDurationSec === undefined
              ? {}
              : { segmentKeys: segments.map(({ key }) => key) }),
            durationSec: wav.durationSec ?? durationSec,
          },
        },
        mediaDurationSec: durationSec,
      };
    },
    { observability, operation: 'audio-extraction' },
  );
}

/**
 * The probe the validate step recorded after checking the input against the tenant's guardrails
 * and scanning its packets. Probing again here would apply only the platform's limits, so a job
 * that skipped validation is refused instead.
 */
function validatedProbe(manifest: JobManifest): ProbeSummary {
  const { probe } = requireJobInput(manifest);
  if (probe === undefined) {
    throw new InvalidRequestError(
      `Job ${manifest.jobId} has not been validated: its input has no recorded probe`,
      {
        details: { jobId: manifest.jobId, step: 'audio-extraction', requires: 'validate' },
        advice:
          'Run the validate step first (npx reel run resumes there): audio extraction uses the probe it records, checked against the tenant’s guardrails.',
      },
    );
  }
  return probe;
}

/** The first audio stream's duration (else the container's); an input without audio is refused. */
function audioDurationSec(summary: ProbeSummary): number {
  const audio = summary.streams.find(({ type }) => type === 'audio');
  if (audio === undefined) {
    throw new UnsupportedMediaError(
      'The input has no audio stream, so there is no audio to extract',
      {
        details: { streams: summary.streams.map(({ type }) => type) },
        advice:
          'Upload a file with an audio track: audio extraction and everything after it (transcription, cut planning) need one.',
      },
    );
  }
  return audio.durationSec ?? summary.durationSec;
}
