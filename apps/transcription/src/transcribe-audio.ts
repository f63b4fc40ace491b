import { join } from 'node:path';
import { ConfigInvalidError, InputMissingError } from '@reel/error-taxonomy';
import { withScratchDir } from '@reel/ffmpeg-runtime';
import type { JobEventRef, ServiceDependencies, StepContext, StepOutcome } from '@reel/lambda-kit';
import { createTranscript } from '@reel/transcript';
import * as z from 'zod';
import { createAwsTranscribeProvider } from './aws-transcribe-provider';
import { createPocketsphinxProvider } from './pocketsphinx-provider';
import { publishTranscript } from './publish-transcript';
import type { TranscribeApi } from './transcribe-api';
import { transcriptionLanguages, type TranscriptionProvider } from './transcription-provider';

const transcriptionOptionFields = z.object({
  /**
   * `local`: pocketsphinx here; `aws`: AWS Transcribe (needs REEL_BACKEND=aws). Absent: the
   * service's TRANSCRIPTION_PROVIDER setting (default local).
   */
  provider: z.enum(['local', 'aws']).optional(),
  language: z.enum(transcriptionLanguages).default('en-US'),
  /** Local provider: audio longer than this is split at silences into chunks at most this long. */
  chunkMaxSec: z.number().min(5).max(600).default(120),
  /** Local provider: chunks recognised at once. */
  concurrency: z.number().int().min(1).max(8).default(2),
});

/**
 * The step's keys of the workflow's `options` (`options.transcription`); other keys are dropped,
 * not refused, since every task receives the same options object.
 */
export const transcriptionOptionsSchema = z.object({
  transcription: transcriptionOptionFields.prefault({}),
});

export type TranscriptionOptions = z.output<typeof transcriptionOptionsSchema>;

/** What the step needs besides the step context: AWS Transcribe access (tests stand in for it). */
export interface TranscriptionServices {
  /** Called only for the `aws` provider; `instrumentClient` traces the SDK client. */
  createTranscribeApi: (options: {
    region: string;
    instrumentClient?: <T>(client: T) => T;
  }) => TranscribeApi;
}

/**
 * The `transcription` step: the job's 16 kHz WAV (`results.audio.wavKey`, from audio-extraction)
 * → `transcripts/transcript.json` (word timings, fillers marked, segments), `transcript.srt` and
 * `transcript.vtt`, with `results.transcript` summarising them. The WAV is downloaded into a
 * scratch dir, which is removed on every path.
 */
export async function transcribeAudio(
  {
    job,
    options: { transcription: options },
    manifest,
    dependencies: { storage, runtime, config },
    observability,
    deadlineAtMs,
    signal,
    reportProgress,
  }: StepContext<TranscriptionOptions>,
  { createTranscribeApi }: TranscriptionServices,
): Promise<StepOutcome> {
  const wavKey = manifest.results.audio?.wavKey;
  if (wavKey === undefined) {
    throw new InputMissingError(
      'The job has no extracted audio to transcribe (results.audio.wavKey)',
      {
        details: { tenantId: job.tenantId, jobId: job.jobId },
        advice: 'Run audio-extraction for this job first: transcription reads its 16 kHz WAV.',
      },
    );
  }
  const provider = selectProvider({
    options,
    createTranscribeApi,
    runtime,
    config,
    job,
    instrumentClient: (client) => observability.tracer.captureAWSv3Client(client),
  });

  return withScratchDir(
    async (scratchDir) => {
      const wavPath = join(scratchDir, 'audio-16k.wav');
      await storage.getToFile({ key: wavKey, path: wavPath, signal });
      const summary = await runtime.probeAndCheck({
        input: wavPath,
        inputLabel: wavKey,
        allowedDirs: [scratchDir],
        deadlineAtMs,
        signal,
        observability,
      });
      const durationSec =
        summary.streams.find(({ type }) => type === 'audio')?.durationSec ?? summary.durationSec;
      const words = await provider.transcribe({
        wavPath,
        wavKey,
        durationSec,
        language: options.language,
        scratchDir,
        onProgress: ({ chunksDone, chunkCount }) =>
          reportProgress({
            percent: (chunksDone / chunkCount) * 100,
            label: `chunks ${chunksDone}/${chunkCount}`,
          }),
        observability,
        deadlineAtMs,
        signal,
      });
      const transcript = createTranscript({
        provider: provider.name,
        language: options.language,
        durationMs: durationSec * 1000,
        words,
      });
      const { keys, outputs } = await publishTranscript({
        transcript,
        job,
        storage,
        scratchDir,
        signal,
      });
      const fillerCount = transcript.words.filter(({ filler }) => filler).length;
      observability.logger.info('Transcribed', {
        provider: provider.name,
        words: transcript.words.length,
        fillers: fillerCount,
        durationSec,
      });
      return {
        outputs,
        results: {
          transcript: {
            ...keys,
            provider: transcript.provider,
            language: transcript.language,
            wordCount: transcript.words.length,
            fillerCount,
            durationMs: transcript.durationMs,
          },
        },
        mediaDurationSec: durationSec,
      };
    },
    { observability, operation: 'transcription' },
  );
}

/** The provider the options ask for, refused before any work when it cannot run here. */
function selectProvider({
  options,
  createTranscribeApi,
  runtime,
  config,
  job,
  instrumentClient,
}: TranscriptionServices &
  Pick<ServiceDependencies, 'runtime' | 'config'> & {
    options: TranscriptionOptions['transcription'];
    job: JobEventRef;
    instrumentClient: <T>(client: T) => T;
  }): TranscriptionProvider {
  const settings = config.transcription;
  if ((options.provider ?? settings.defaultProvider) === 'local') {
    return createPocketsphinxProvider({
      runtime,
      binaryPath: settings.pocketsphinxPath,
      modelDir: settings.pocketsphinxModelDir,
      chunkMaxSec: options.chunkMaxSec,
      concurrency: options.concurrency,
    });
  }
  if (config.backend !== 'aws') {
    throw new ConfigInvalidError('The aws transcription provider needs REEL_BACKEND=aws', {
      details: { provider: 'aws', backend: config.backend },
      advice:
        'AWS Transcribe reads the audio from the S3 media bucket. Use provider "local" with local storage, or run with REEL_BACKEND=aws.',
    });
  }
  return createAwsTranscribeProvider({
    api: createTranscribeApi({ region: config.region, instrumentClient }),
    bucket: config.bucket,
    jobName: `reel-${job.env}-${job.tenantId}-${job.jobId}-${Date.now().toString(36)}`,
  });
}
