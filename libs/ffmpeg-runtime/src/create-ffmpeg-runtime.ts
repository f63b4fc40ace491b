import { join } from 'node:path';
import type { ProbeSummary } from '@reel/media-types';
import type { Observability } from '@reel/observability';
import { DEFAULT_SEARCH_PATH } from './child-env';
import { PINNED_FONT_FILE_NAME, SOURCE_FONTS_DIR, assertFontsDir } from './pinned-font';
import {
  resolveGuardrails,
  tightenGuardrails,
  type GuardrailOverrides,
  type Guardrails,
} from './guardrails';
import {
  detectSilences,
  extractAsrWav,
  extractMp3,
  generateTestClip,
  renderH264,
  segmentAudio,
} from './media-operations';
import type { OperationContext } from './operation-context';
import { encodePodcastMp3 } from './podcast-mp3';
import { extractPoster } from './extract-poster';
import { extractThumbnails } from './extract-thumbnails';
import { measureLoudness } from './measure-loudness';
import { measureLoudnorm } from './measure-loudnorm';
import type { PictureContext } from './picture-context';
import { probe, type ProbeOptions } from './probe';
import { probeAndCheck, type ProbeAndCheckOptions } from './probe-and-check';
import {
  renderGraph,
  type RenderGraphContext,
  type RenderGraphOptions,
  type RenderGraphRun,
} from './render-graph';
import { concatRenderChunks, type ConcatRenderChunksOptions } from './concat-render-chunks';
import { encodeAacRendition } from './encode-aac-rendition';
import { packageCmaf } from './package-cmaf';
import { remuxProgressiveMp4 } from './remux-progressive-mp4';
import { cutAudioClip } from './cut-audio-clip';
import { encodeLadder } from './encode-ladder';
import { joinVideoChunks } from './join-video-chunks';
import { renderAudioGraph, type RenderAudioGraphOptions } from './render-audio-graph';
import { runProcess, type ProcessRun, type RunProcessOptions } from './run-process';
import { scanPackets } from './scan-packets';
import {
  validateRuntime,
  type RuntimeReport,
  type ValidateRuntimeOptions,
} from './validate-runtime';

/** How an app configures its runtime, once, from its own config (libs never read env vars). */
export interface FfmpegRuntimeOptions {
  /** The app's `FFMPEG_PATH`; default `ffmpeg` found on the search path. */
  ffmpegPath?: string;
  /** The app's `FFPROBE_PATH`; default `ffprobe` found on the search path. */
  ffprobePath?: string;
  /** PATH of every child process. Default {@link DEFAULT_SEARCH_PATH}; never the parent's. */
  searchPath?: string;
  /** Used by every call that does not pass its own (observability is per invocation). */
  observability?: Observability;
  /** Platform-wide changes to {@link DEFAULT_GUARDRAILS}; tenants override on top, per call. */
  guardrails?: GuardrailOverrides;
  /** SIGTERM → SIGKILL grace for stopped processes. Default 2000. */
  killGraceMs?: number;
  /** The app's `REEL_FONTS_DIR`: the folder holding the pinned font. Default: the lib's `assets/fonts` (from source). */
  fontsDir?: string;
}

type Operation<F> = F extends (context: OperationContext, options: infer O) => infer R
  ? (options: O) => R
  : never;

/** An operation bound with a probe of what it wrote (see `bindWithOutputProbe`). */
type OutputProbed<F> = F extends (context: RenderGraphContext, options: infer O) => infer R
  ? (options: O) => R
  : never;

/**
 * The one door to ffmpeg, ffprobe and the other media tools, with the binary paths, guardrails
 * and observability filled in. Every operation reads at most the duration guardrail (`-t`), writes
 * at most what that allows (`-fs`), stops at `deadlineAtMs`/`signal`, counts decode errors, removes
 * its outputs when it fails and names the input by `inputLabel` in messages.
 */
export interface FfmpegRuntime {
  readonly ffmpegPath: string;
  readonly ffprobePath: string;
  /** The platform guardrails (defaults merged with the runtime's overrides). */
  readonly guardrails: Guardrails;
  /** The folder of the pinned font, for libass's `fontsdir` (subtitles). */
  readonly fontsDir: string;
  /** The pinned font file (DejaVuSans.ttf in `fontsDir`), for drawtext's `fontfile`. */
  readonly fontFile: string;
  /** {@link probe} under the runtime's container allow-list and stream limit. */
  probe(options: Omit<ProbeOptions, 'ffprobePath' | 'searchPath'>): Promise<ProbeSummary>;
  /** {@link probeAndCheck}; `guardrails` here are a tenant's overrides, which can only tighten the runtime's. */
  probeAndCheck(
    options: Omit<ProbeAndCheckOptions, 'ffprobePath' | 'searchPath' | 'guardrails'> & {
      guardrails?: GuardrailOverrides;
    },
  ): Promise<ProbeSummary>;
  /** {@link scanPackets}: where the packets really end, without decoding. */
  scanPackets: Operation<typeof scanPackets>;
  /** {@link extractMp3}. */
  extractMp3: Operation<typeof extractMp3>;
  /** {@link extractAsrWav}. */
  extractAsrWav: Operation<typeof extractAsrWav>;
  /** {@link segmentAudio}. */
  segmentAudio: Operation<typeof segmentAudio>;
  /** {@link detectSilences}. */
  detectSilences: Operation<typeof detectSilences>;
  /** {@link renderH264}. */
  renderH264: Operation<typeof renderH264>;
  /** {@link generateTestClip}. */
  generateTestClip: Operation<typeof generateTestClip>;
  /** {@link renderGraph}: one filter graph, one encode, the output probed. */
  renderGraph(options: RenderGraphOptions): Promise<RenderGraphRun>;
  /** {@link concatRenderChunks}: rendered chunks joined by stream copy, the sound encoded once. */
  concatRenderChunks(options: ConcatRenderChunksOptions): Promise<RenderGraphRun>;
  /** {@link renderAudioGraph}: a filter graph's sound only, one lossless FLAC encode, probed. */
  renderAudioGraph(options: RenderAudioGraphOptions): Promise<RenderGraphRun>;
  /** {@link encodePodcastMp3}: two-pass loudnorm → MP3, with the loudness before and after. */
  encodePodcastMp3: Operation<typeof encodePodcastMp3>;
  /** {@link extractPoster}: a representative (not black) frame as a JPEG sized for players. */
  extractPoster(options: Parameters<typeof extractPoster>[1]): ReturnType<typeof extractPoster>;
  /** {@link extractThumbnails}: thumbnails every N s and a sprite sheet with its tiles, one pass. */
  extractThumbnails(
    options: Parameters<typeof extractThumbnails>[1],
  ): ReturnType<typeof extractThumbnails>;
  /** {@link measureLoudness}: EBU R128 integrated loudness, loudness range and true peak. */
  measureLoudness: Operation<typeof measureLoudness>;
  /** {@link measureLoudnorm}: loudnorm's first pass over the sound only, as pass 2's options. */
  measureLoudnorm: Operation<typeof measureLoudnorm>;
  /** {@link encodeLadder}: every rung in one process from one decode, keyframes on the segment grid. */
  encodeLadder: OutputProbed<typeof encodeLadder>;
  /** {@link joinVideoChunks}: one rung's chunks joined by stream copy, frame count checked. */
  joinVideoChunks: OutputProbed<typeof joinVideoChunks>;
  /** {@link encodeAacRendition}: the one AAC-LC rendition, encoded once, optionally loudness-normalised. */
  encodeAacRendition: OutputProbed<typeof encodeAacRendition>;
  /** {@link packageCmaf}: one rendition as CMAF segments + an HLS media playlist, by stream copy. */
  packageCmaf: Operation<typeof packageCmaf>;
  /** {@link remuxProgressiveMp4}: the top rung + the sound as a +faststart MP4, by stream copy. */
  remuxProgressiveMp4: OutputProbed<typeof remuxProgressiveMp4>;
  /** {@link cutAudioClip}: a sample-accurate MP3 clip of reel's own MP3, read by path or URL. */
  cutAudioClip: Operation<typeof cutAudioClip>;
  /** {@link runProcess} for the other media tools (pocketsphinx, …), with the same minimal environment. */
  runTool(options: Omit<RunProcessOptions, 'searchPath'>): Promise<ProcessRun>;
  /** {@link validateRuntime} for the runtime's binaries. */
  validate(
    options?: Omit<ValidateRuntimeOptions, 'ffmpegPath' | 'ffprobePath' | 'searchPath'>,
  ): Promise<RuntimeReport>;
}

/**
 * Builds the runtime an app uses for every ffmpeg/ffprobe call, so binary paths and guardrails are
 * not threaded through every function. Options are validated here, once: a bad path or guardrail
 * fails at start-up, not in the middle of a job.
 *
 * @example
 * const config = loadConfig(process.env); // at the app edge: FFMPEG_PATH / FFPROBE_PATH
 * const runtime = createFfmpegRuntime({ ffmpegPath: config.ffmpegPath, ffprobePath: config.ffprobePath });
 * const summary = await runtime.probeAndCheck({ input, inputLabel: 'talk.mp4', guardrails: tenant.guardrails });
 * await runtime.extractMp3({ input, output, durationSec: summary.durationSec, deadlineAtMs, signal });
 */
export function createFfmpegRuntime({
  ffmpegPath = 'ffmpeg',
  ffprobePath = 'ffprobe',
  searchPath = DEFAULT_SEARCH_PATH,
  observability,
  guardrails: overrides,
  killGraceMs,
  fontsDir = SOURCE_FONTS_DIR,
}: FfmpegRuntimeOptions = {}): FfmpegRuntime {
  assertBinaryPath(ffmpegPath, 'ffmpegPath');
  assertBinaryPath(ffprobePath, 'ffprobePath');
  assertBinaryPath(searchPath, 'searchPath');
  assertFontsDir(fontsDir);
  if (killGraceMs !== undefined && (!Number.isInteger(killGraceMs) || killGraceMs < 0)) {
    throw new TypeError(`killGraceMs must be a non-negative integer, got ${killGraceMs}`);
  }
  const guardrails = resolveGuardrails(overrides);
  const context: OperationContext = {
    guardrails,
    runner: {
      ffmpegPath,
      allowedInputFormats: guardrails.allowedContainers,
      killGraceMs,
      searchPath,
    },
  };
  const bind =
    <O extends { observability?: Observability }, R>(
      operation: (context: OperationContext, options: O) => R,
    ) =>
    (options: O): R =>
      operation(context, { ...options, observability: options.observability ?? observability });

  /** An operation that probes the file it wrote: reel's own, read with one demuxer only. */
  const bindWithOutputProbe =
    <O extends { observability?: Observability }, R>(
      operation: (context: RenderGraphContext, options: O) => R,
      outputFormat: string,
    ) =>
    (options: O): R => {
      const callObservability = options.observability ?? observability;
      const probeOutput: RenderGraphContext['probeOutput'] = (input, { signal, deadlineAtMs }) =>
        probe({
          input,
          ffprobePath,
          searchPath,
          allowedInputFormats: [outputFormat],
          maxStreams: guardrails.maxStreams,
          signal,
          deadlineAtMs,
          observability: callObservability,
        });
      return operation(
        { ...context, probeOutput },
        { ...options, observability: callObservability },
      );
    };

  /** An operation that probes its input and the pictures it wrote, each under its own allow-list. */
  const bindWithProbe =
    <O extends { observability?: Observability }, R>(
      operation: (context: PictureContext, options: O) => R,
    ) =>
    (options: O): R => {
      const callObservability = options.observability ?? observability;
      const probeFile: PictureContext['probeFile'] = (input, { allowedFormats, ...rest }) =>
        probe({
          input,
          ffprobePath,
          searchPath,
          allowedInputFormats: allowedFormats,
          maxStreams: guardrails.maxStreams,
          ...rest,
          observability: callObservability,
        });
      return operation({ ...context, probeFile }, { ...options, observability: callObservability });
    };

  return Object.freeze({
    ffmpegPath,
    ffprobePath,
    guardrails,
    fontsDir,
    fontFile: join(fontsDir, PINNED_FONT_FILE_NAME),
    probe: (options) =>
      probe({
        allowedInputFormats: guardrails.allowedContainers,
        maxStreams: guardrails.maxStreams,
        ...options,
        ffprobePath,
        searchPath,
        observability: options.observability ?? observability,
      }),
    probeAndCheck: ({ guardrails: tenantOverrides, ...options }) =>
      probeAndCheck({
        ...options,
        ffprobePath,
        searchPath,
        guardrails: tightenGuardrails(guardrails, tenantOverrides),
        observability: options.observability ?? observability,
      }),
    scanPackets: bind(scanPackets),
    extractMp3: bind(extractMp3),
    extractAsrWav: bind(extractAsrWav),
    segmentAudio: bind(segmentAudio),
    detectSilences: bind(detectSilences),
    renderH264: bind(renderH264),
    generateTestClip: bind(generateTestClip),
    // The render is reel's own MP4: the mov/mp4 demuxer only.
    renderGraph: bindWithOutputProbe(renderGraph, 'mov'),
    concatRenderChunks: bindWithOutputProbe(concatRenderChunks, 'mov'),
    encodePodcastMp3: bind(encodePodcastMp3),
    // The audio render is reel's own FLAC: the flac demuxer only.
    renderAudioGraph: bindWithOutputProbe(renderAudioGraph, 'flac'),
    extractPoster: bindWithProbe(extractPoster),
    extractThumbnails: bindWithProbe(extractThumbnails),
    measureLoudness: bind(measureLoudness),
    measureLoudnorm: bind(measureLoudnorm),
    // Rungs, renditions and packages are reel's own MP4s: the mov/mp4 demuxer only.
    encodeLadder: bindWithOutputProbe(encodeLadder, 'mov'),
    joinVideoChunks: bindWithOutputProbe(joinVideoChunks, 'mov'),
    encodeAacRendition: bindWithOutputProbe(encodeAacRendition, 'mov'),
    packageCmaf: bind(packageCmaf),
    remuxProgressiveMp4: bindWithOutputProbe(remuxProgressiveMp4, 'mov'),
    cutAudioClip: bind(cutAudioClip),
    runTool: (options) =>
      runProcess({
        ...options,
        searchPath,
        killGraceMs: options.killGraceMs ?? killGraceMs,
        observability: options.observability ?? observability,
      }),
    validate: (options = {}) =>
      validateRuntime({
        ...options,
        ffmpegPath,
        ffprobePath,
        searchPath,
        observability: options.observability ?? observability,
      }),
  } satisfies FfmpegRuntime);
}

function assertBinaryPath(path: unknown, role: string): void {
  if (typeof path !== 'string' || path.trim().length === 0 || path.includes('\0')) {
    throw new TypeError(`${role} must be a binary name or path, got ${JSON.stringify(path)}`);
  }
}
