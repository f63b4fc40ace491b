import { mkdir, readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CorruptInputError } from '@reel/error-taxonomy';
import { buildAsrWavArgs } from './build-asr-wav-args';
import { buildAudioSegmentArgs } from './build-audio-segment-args';
import { buildH264RenderArgs, type H264RenderOptions } from './build-h264-render-args';
import { buildMp3Args } from './build-mp3-args';
import { buildPacketScanArgs } from './build-packet-scan-args';
import { buildSilenceDetectArgs } from './build-silence-detect-args';
import { buildTestClipArgs, type TestClipOptions } from './build-test-clip-args';
import { tightenGuardrails, type GuardrailOverrides, type Guardrails } from './guardrails';
import { relabelError } from './input-label';
import { sortSegmentFiles } from './list-segments';
import {
  H264_MAX_BYTES_PER_SEC,
  MP3_MAX_BYTES_PER_SEC,
  READ_MARGIN_SEC,
  outputByteLimit,
} from './output-limits';
import { parseSilenceLog, type SilenceSpan } from './parse-silence-log';
import {
  runOperation,
  type OperationOptions,
  type OperationRequest,
  type OperationRun,
} from './run-operation';

/** Options every operation takes: {@link OperationOptions} and a tenant's tighter guardrails. */
export interface MediaOperationOptions extends OperationOptions {
  /** Absolute path of the input. */
  input: string;
  /** A tenant's or job's overrides; they only tighten the runtime's guardrails. */
  guardrails?: GuardrailOverrides;
}

/** What the runtime binds once for every operation. */
export interface OperationContext {
  runner: OperationRequest['runner'];
  guardrails: Guardrails;
}

// Decoded output ends with the last frame's length and encoder padding; a packet scan reports the
// last packet's start. Past the limit by more than this, the input held more than it may.
const DECODED_OVERRUN_TOLERANCE_SEC = 0.5;

function limitsOf(context: OperationContext, overrides: GuardrailOverrides | undefined) {
  const { maxDurationSec } = tightenGuardrails(context.guardrails, overrides);
  return { maxDurationSec, readLimitSec: maxDurationSec + READ_MARGIN_SEC };
}

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
  const { maxDurationSec, readLimitSec } = limitsOf(context, options.guardrails);
  const maxOutputBytes = outputByteLimit({ bytesPerSec: MP3_MAX_BYTES_PER_SEC, readLimitSec });
  return decodingRun(
    context,
    options,
    {
      operation: 'extract-audio-mp3',
      args: buildMp3Args({
        input: options.input,
        output,
        bitrateKbps,
        readLimitSec,
        maxOutputBytes,
      }),
      outputs: [output],
      sizeLimitedOutput: { path: output, maxBytes: maxOutputBytes },
    },
    maxDurationSec,
  );
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
  const { maxDurationSec, readLimitSec } = limitsOf(context, options.guardrails);
  const sampleRateHz = 16_000;
  const maxOutputBytes = outputByteLimit({ bytesPerSec: sampleRateHz * 2, readLimitSec });
  return decodingRun(
    context,
    { ...options, durationSec: range?.durationSec ?? options.durationSec },
    {
      operation: range === undefined ? 'extract-audio-wav' : 'cut-asr-chunk',
      args: buildAsrWavArgs({
        input: options.input,
        output,
        sampleRateHz,
        startSec: range?.startSec,
        durationSec: range?.durationSec,
        readLimitSec,
        maxOutputBytes,
      }),
      outputs: [output],
      sizeLimitedOutput: { path: output, maxBytes: maxOutputBytes },
    },
    maxDurationSec,
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
  const { maxDurationSec, readLimitSec } = limitsOf(context, options.guardrails);
  const maxOutputBytes = outputByteLimit({ bytesPerSec: H264_MAX_BYTES_PER_SEC, readLimitSec });
  return decodingRun(
    context,
    options,
    {
      operation: 'render-h264',
      args: buildH264RenderArgs({
        input: options.input,
        output,
        width,
        height,
        crf,
        preset,
        audioBitrateKbps,
        readLimitSec,
        maxOutputBytes,
      }),
      outputs: [output],
      sizeLimitedOutput: { path: output, maxBytes: maxOutputBytes },
    },
    maxDurationSec,
  );
}

/** Where an input's packets really end, from {@link scanPackets}. */
export interface PacketScan {
  /** Start of the last audio or video packet read, in seconds. */
  scannedDurationSec: number;
  durationMs: number;
}

/**
 * Packets may end this much short of the claimed duration (the scan reports the last packet's
 * start, so a frame or two is always missing), else the input is truncated.
 */
export const SHORT_PACKETS_FRACTION = 0.05;
const SHORT_PACKETS_MIN_SEC = 1;

/**
 * Reads every audio and video packet without decoding (see `buildPacketScanArgs`; seconds even
 * for hours of media) to learn where the media really ends, up to the duration guardrail. Media
 * past the guardrail is GuardrailExceededError, whatever the container claims (an MKV whose
 * header says 1 s but holds hours). With `claimedDurationSec` (the probe's), packets ending more
 * than 5 % (and 1 s) short of it are CorruptInputError with both durations in `details`: a
 * faststart MP4 cut in half.
 *
 * @example
 * const { scannedDurationSec } = await runtime.scanPackets({ input, claimedDurationSec: summary.durationSec });
 */
export async function scanPackets(
  context: OperationContext,
  { claimedDurationSec, ...options }: MediaOperationOptions & { claimedDurationSec?: number },
): Promise<PacketScan> {
  const { maxDurationSec, readLimitSec } = limitsOf(context, options.guardrails);
  const { input, inputLabel } = options;
  const { outTimeSec = 0, durationMs } = await runOperation({
    ...options,
    operation: 'scan-packets',
    args: buildPacketScanArgs({ input, readLimitSec }),
    outputs: [],
    decodes: false,
    maxDurationSec,
    overrunToleranceSec: 0,
    durationSec: options.durationSec ?? claimedDurationSec,
    runner: { ...context.runner, maxStreams: context.guardrails.maxStreams },
  });
  if (claimedDurationSec !== undefined) {
    const missingSec = claimedDurationSec - outTimeSec;
    if (missingSec > Math.max(claimedDurationSec * SHORT_PACKETS_FRACTION, SHORT_PACKETS_MIN_SEC)) {
      throw relabelError(
        new CorruptInputError(
          `${input} is truncated: its packets end at ${outTimeSec.toFixed(2)} s of the ${claimedDurationSec.toFixed(2)} s it claims`,
          {
            details: {
              input,
              measuredDurationSec: outTimeSec,
              claimedDurationSec,
            },
          },
        ),
        { input, inputLabel },
      );
    }
  }
  return { scannedDurationSec: outTimeSec, durationMs };
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
