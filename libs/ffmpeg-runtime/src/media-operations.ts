import { mkdir, readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { buildAsrWavArgs } from './build-asr-wav-args';
import { buildAudioSegmentArgs } from './build-audio-segment-args';
import { buildH264RenderArgs, type H264RenderOptions } from './build-h264-render-args';
import { buildMp3Args } from './build-mp3-args';
import { buildSilenceDetectArgs } from './build-silence-detect-args';
import { buildTestClipArgs, type TestClipOptions } from './build-test-clip-args';
import { sortSegmentFiles } from './list-segments';
import { limitsOf, type MediaOperationOptions, type OperationContext } from './operation-context';
import { H264_MAX_BYTES_PER_SEC, MP3_MAX_BYTES_PER_SEC, outputByteLimit } from './output-limits';
import { parseSilenceLog, type SilenceSpan } from './parse-silence-log';
import {
  runOperation,
  type OperationOptions,
  type OperationRequest,
  type OperationRun,
} from './run-operation';

// Decoded output ends with the last frame's length and encoder padding. Past the limit by more
// than this, the input held more than it may.
const DECODED_OVERRUN_TOLERANCE_SEC = 0.5;

function decodingRun(
  context: OperationContext,
  // The caller has turned the tenant's guardrails into `maxDurationSec` and the argv's limits.
  { input, guardrails: _applied, ...options }: MediaOperationOptions,
  request: Pick<OperationRequest, 'operation' | 'args' | 'outputs' | 'sizeLimitedOutput'>,
  maxDurationSec: number,
): Promise<OperationRun> {
  return runOperation({
    ...options,
    ...request,
    input,
    decodes: true,
    maxDurationSec,
    overrunToleranceSec: DECODED_OVERRUN_TOLERANCE_SEC,
    runner: { ...context.runner, maxStreams: context.guardrails.maxStreams },
  });
}

/** A decoding run that writes one file, bounded by `-fs` at what `bytesPerSec` allows. */
function singleOutputRun(
  context: OperationContext,
  options: MediaOperationOptions,
  {
    operation,
    output,
    bytesPerSec,
    buildArgs,
  }: {
    operation: string;
    output: string;
    bytesPerSec: number;
    buildArgs: (limits: { readLimitSec: number; maxOutputBytes: number }) => string[];
  },
): Promise<OperationRun> {
  const { maxDurationSec, readLimitSec } = limitsOf(context, options.guardrails);
  const maxOutputBytes = outputByteLimit({ bytesPerSec, readLimitSec });
  return decodingRun(
    context,
    options,
    {
      operation,
      args: buildArgs({ readLimitSec, maxOutputBytes }),
      outputs: [output],
      sizeLimitedOutput: { path: output, maxBytes: maxOutputBytes },
    },
    maxDurationSec,
  );
}

/**
 * The first audio stream → MP3 (see `buildMp3Args`), reading at most the duration guardrail and
 * writing at most what 320 kbit/s allows for it.
 *
 * @example
 * await runtime.extractMp3({ input, output: join(dir, 'audio.mp3'), inputLabel: 'talk.mp4', signal });
 */
export function extractMp3(
  context: OperationContext,
  {
    output,
    bitrateKbps,
    ...options
  }: MediaOperationOptions & { output: string; bitrateKbps?: number },
): Promise<OperationRun> {
  return singleOutputRun(context, options, {
    operation: 'extract-audio-mp3',
    output,
    bytesPerSec: MP3_MAX_BYTES_PER_SEC,
    buildArgs: (limits) => buildMp3Args({ input: options.input, output, bitrateKbps, ...limits }),
  });
}

/**
 * The first audio stream → 16 kHz mono PCM WAV for speech recognition (see `buildAsrWavArgs`),
 * the whole input or one `range` of it (e.g. one ASR chunk).
 *
 * @example
 * await runtime.extractAsrWav({ input, output: join(dir, 'audio-16k.wav'), durationSec, onProgress });
 * await runtime.extractAsrWav({ input: wav, output: chunk, range: { startSec: 118.25, durationSec: 96.5 } });
 */
export function extractAsrWav(
  context: OperationContext,
  {
    output,
    range,
    ...options
  }: MediaOperationOptions & { output: string; range?: { startSec: number; durationSec: number } },
): Promise<OperationRun> {
  const sampleRateHz = 16_000;
  return singleOutputRun(
    context,
    { ...options, durationSec: range?.durationSec ?? options.durationSec },
    {
      operation: range === undefined ? 'extract-audio-wav' : 'cut-asr-chunk',
      output,
      bytesPerSec: sampleRateHz * 2,
      buildArgs: (limits) =>
        buildAsrWavArgs({
          input: options.input,
          output,
          sampleRateHz,
          startSec: range?.startSec,
          durationSec: range?.durationSec,
          ...limits,
        }),
    },
  );
}

/**
 * The first audio stream cut into `segmentDurationSec` files in `outputDir` (created if missing;
 * see `buildAudioSegmentArgs`). Returns the segment paths in playback order. The segment muxer
 * has no `-fs`; the read limit bounds the total.
 *
 * @example
 * const { files } = await runtime.segmentAudio({ input, outputDir: join(dir, 'segments'), segmentDurationSec: 30 });
 */
export async function segmentAudio(
  context: OperationContext,
  {
    outputDir,
    segmentDurationSec,
    format = 'mp3',
    basename = 'segment',
    ...options
  }: MediaOperationOptions & {
    outputDir: string;
    segmentDurationSec?: number;
    format?: 'mp3' | 'wav';
    basename?: string;
  },
): Promise<OperationRun & { files: string[] }> {
  const { maxDurationSec, readLimitSec } = limitsOf(context, options.guardrails);
  const args = buildAudioSegmentArgs({
    input: options.input,
    outputDir,
    segmentDurationSec,
    format,
    basename,
    readLimitSec,
  });
  await mkdir(outputDir, { recursive: true });
  const run = await decodingRun(
    context,
    options,
    { operation: 'segment-audio', args, outputs: [outputDir] },
    maxDurationSec,
  );
  const files = sortSegmentFiles(await readdir(outputDir), { basename, format });
  return { ...run, files: files.map((fileName) => join(outputDir, fileName)) };
}

/**
 * Every silence of the first audio stream (see `buildSilenceDetectArgs`), its events written to
 * `silences.txt` in `scratchDir` (the stderr tail is bounded; an hour of audio has thousands) and
 * parsed. `durationSec` closes a silence still open at the end.
 *
 * @example
 * const silences = await runtime.detectSilences({ input: wav, scratchDir, durationSec, minSilenceSec: 0.1 });
 */
export async function detectSilences(
  context: OperationContext,
  {
    scratchDir,
    noiseDb,
    minSilenceSec,
    ...options
  }: MediaOperationOptions & {
    scratchDir: string;
    durationSec: number;
    noiseDb?: number;
    minSilenceSec?: number;
  },
): Promise<SilenceSpan[]> {
  const { maxDurationSec, readLimitSec } = limitsOf(context, options.guardrails);
  const logFile = join(scratchDir, 'silences.txt');
  await decodingRun(
    context,
    options,
    {
      operation: 'detect-silence',
      args: buildSilenceDetectArgs({
        input: options.input,
        logFile,
        noiseDb,
        minSilenceSec,
        readLimitSec,
      }),
      outputs: [logFile],
    },
    maxDurationSec,
  );
  return parseSilenceLog(await readFile(logFile, 'utf8'), { durationSec: options.durationSec });
}

/**
 * A scaled H.264/AAC MP4 (see `buildH264RenderArgs`), reading at most the duration guardrail and
 * writing at most 64 Mbit/s of it.
 *
 * @example
 * await runtime.renderH264({ input, output: join(dir, '720p.mp4'), height: 720, durationSec, onProgress });
 */
export function renderH264(
  context: OperationContext,
  {
    output,
    width,
    height,
    crf,
    preset,
    audioBitrateKbps,
    ...options
  }: MediaOperationOptions &
    Pick<H264RenderOptions, 'output' | 'width' | 'height' | 'crf' | 'preset' | 'audioBitrateKbps'>,
): Promise<OperationRun> {
  return singleOutputRun(context, options, {
    operation: 'render-h264',
    output,
    bytesPerSec: H264_MAX_BYTES_PER_SEC,
    buildArgs: (limits) =>
      buildH264RenderArgs({
        input: options.input,
        output,
        width,
        height,
        crf,
        preset,
        audioBitrateKbps,
        ...limits,
      }),
  });
}

/**
 * A known clip made from ffmpeg's own lavfi sources (see `buildTestClipArgs`): the deployment
 * check's sample. Not an upload, so nothing is decoded or bounded by the guardrails.
 *
 * @example
 * await runtime.generateTestClip({ output, durationSec: 2, width: 320, height: 240, fps: 25, sampleRateHz: 48_000 });
 */
export function generateTestClip(
  context: OperationContext,
  { output, ...clip }: Omit<OperationOptions, 'inputLabel' | 'durationSec'> & TestClipOptions,
): Promise<OperationRun> {
  const { onProgress, signal, deadlineAtMs, observability, ...shape } = clip;
  return runOperation({
    operation: 'generate-test-clip',
    args: buildTestClipArgs({ output, ...shape }),
    input: output,
    outputs: [output],
    decodes: false,
    maxDurationSec: Number.POSITIVE_INFINITY,
    overrunToleranceSec: 0,
    durationSec: shape.durationSec,
    onProgress,
    signal,
    deadlineAtMs,
    observability,
    runner: context.runner,
  });
}
