import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { RuntimeMissingError } from '@reel/error-taxonomy';
import { mapWithConcurrency } from '@reel/concurrency';
import type { FfmpegRuntime } from '@reel/ffmpeg-runtime';
import type { RecognizedWord } from '@reel/transcript';
import { planChunks, type AudioChunk } from './plan-chunks';
import { buildPocketsphinxArgs } from './pocketsphinx-args';
import { locatePocketsphinxModel, type PocketsphinxModel } from './pocketsphinx-model';
import { parsePocketsphinxOutput } from './parse-pocketsphinx-output';
import type { TranscribeRequest, TranscriptionProvider } from './transcription-provider';

/** Options of {@link createPocketsphinxProvider}. */
export interface PocketsphinxProviderOptions {
  runtime: FfmpegRuntime;
  /** `pocketsphinx_continuous` on PATH, or its path. */
  binaryPath: string;
  /** See `locatePocketsphinxModel`. */
  modelDir: string;
  /** Audio longer than this is split at silences into chunks at most this long. */
  chunkMaxSec: number;
  /** Chunks recognised at once (pocketsphinx uses one core each). */
  concurrency: number;
}

// Quieter than speech, louder than the noise floor of a room recording; 0.4 s is a breath, not a word gap.
const SILENCE_NOISE_DB = -35;
const SILENCE_MIN_SEC = 0.4;

/**
 * The embedded default: pocketsphinx (Debian's `pocketsphinx_continuous` and en-US model) through
 * the runtime's `runTool` (a minimal environment: no credentials reach it). Audio longer than `chunkMaxSec` is split at silences
 * (`silencedetect`), each chunk cut to its own WAV with ffmpeg, the chunks recognised
 * `concurrency` at a time, and their words shifted by each chunk's start so that times are from
 * the start of the whole WAV.
 *
 * @example
 * const provider = createPocketsphinxProvider({ runtime, binaryPath: 'pocketsphinx_continuous',
 *   modelDir: '/usr/share/pocketsphinx/model/en-us', chunkMaxSec: 120, concurrency: 2 });
 */
export function createPocketsphinxProvider({
  runtime,
  binaryPath,
  modelDir,
  chunkMaxSec,
  concurrency,
}: PocketsphinxProviderOptions): TranscriptionProvider {
  return {
    name: 'local-pocketsphinx',
    transcribe: async (request) => {
      const model = await locatePocketsphinxModel(modelDir);
      const chunks =
        request.durationSec <= chunkMaxSec
          ? [{ index: 0, startSec: 0, endSec: request.durationSec }]
          : planChunks({
              durationSec: request.durationSec,
              silences: await runtime.detectSilences({
                input: request.wavPath,
                scratchDir: request.scratchDir,
                durationSec: request.durationSec,
                noiseDb: SILENCE_NOISE_DB,
                minSilenceSec: SILENCE_MIN_SEC,
                observability: request.observability,
                deadlineAtMs: request.deadlineAtMs,
                signal: request.signal,
              }),
              chunkMaxSec,
            });
      request.observability.logger.info('Transcribing', {
        chunks: chunks.length,
        durationSec: request.durationSec,
      });
      const chunkDir = join(request.scratchDir, 'chunks');
      if (chunks.length > 1) await mkdir(chunkDir);
      let chunksDone = 0;
      const chunkWords = await mapWithConcurrency(
        chunks,
        { concurrency, signal: request.signal },
        async (chunk, signal) => {
          const words = await recogniseChunk({
            runtime,
            binaryPath,
            model,
            chunk,
            whole: chunks.length === 1,
            chunkDir,
            request: { ...request, signal },
          });
          chunksDone += 1;
          request.onProgress({ chunksDone, chunkCount: chunks.length });
          return words;
        },
      );
      return chunkWords.flat();
    },
  };
}

/**
 * Recognises one chunk (the WAV itself when it is the only one, else a WAV cut from it) and
 * returns its words on the whole WAV's timeline. Words pocketsphinx places past the chunk's end
 * (its last frame can overhang) are clamped to it, so chunks never overlap.
 */
async function recogniseChunk({
  runtime,
  binaryPath,
  model,
  chunk,
  whole,
  chunkDir,
  request: { wavPath, observability, deadlineAtMs, signal },
}: {
  runtime: FfmpegRuntime;
  binaryPath: string;
  model: PocketsphinxModel;
  chunk: AudioChunk;
  whole: boolean;
  chunkDir: string;
  request: TranscribeRequest;
}): Promise<RecognizedWord[]> {
  const chunkPath = whole
    ? wavPath
    : join(chunkDir, `chunk-${String(chunk.index).padStart(3, '0')}.wav`);
  if (!whole) {
    await runtime.extractAsrWav({
      input: wavPath,
      output: chunkPath,
      range: { startSec: chunk.startSec, durationSec: chunk.endSec - chunk.startSec },
      observability,
      deadlineAtMs,
      signal,
    });
  }
  try {
    const { stdout } = await runtime
      .runTool({
        tool: 'pocketsphinx_continuous',
        binaryPath,
        args: buildPocketsphinxArgs({ wavPath: chunkPath, model }),
        operation: 'transcribe-chunk',
        captureStdout: true,
        observability,
        deadlineAtMs,
        signal,
      })
      .catch((error: unknown) => {
        throw withPocketsphinxAdvice(error);
      });
    const offsetMs = chunk.startSec * 1000;
    const chunkEndMs = chunk.endSec * 1000;
    return parsePocketsphinxOutput(stdout).map((word) => ({
      ...word,
      startMs: Math.min(word.startMs + offsetMs, chunkEndMs),
      endMs: Math.min(word.endMs + offsetMs, chunkEndMs),
    }));
  } finally {
    if (!whole) await rm(chunkPath, { force: true });
  }
}

/** The runner's advice for a missing binary names ffmpeg; say how to get pocketsphinx instead. */
function withPocketsphinxAdvice(error: unknown): unknown {
  if (!(error instanceof RuntimeMissingError)) return error;
  return new RuntimeMissingError(error.message, {
    details: error.details,
    cause: error,
    advice:
      'Install pocketsphinx (Debian: apt-get install -y pocketsphinx pocketsphinx-en-us) or set POCKETSPHINX_PATH to the pocketsphinx_continuous binary.',
  });
}
