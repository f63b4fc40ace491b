import type { Observability } from '@reel/observability';
import {
  resolveGuardrails,
  tightenGuardrails,
  type GuardrailOverrides,
  type Guardrails,
} from './guardrails';
import { probe, type ProbeOptions } from './probe';
import { probeAndCheck, type ProbeAndCheckOptions } from './probe-and-check';
import type { ProbeSummary } from '@reel/media-types';
import { runFfmpeg, type RunFfmpegOptions } from './run-ffmpeg';
import { runProcess, type ProcessRun, type RunProcessOptions } from './run-process';
import {
  validateRuntime,
  type RuntimeReport,
  type ValidateRuntimeOptions,
} from './validate-runtime';

/** How an app configures its runtime, once, from its own config (libs never read env vars). */
export interface FfmpegRuntimeOptions {
  /** The app's `FFMPEG_PATH`; default `ffmpeg` found on PATH. */
  ffmpegPath?: string;
  /** The app's `FFPROBE_PATH`; default `ffprobe` found on PATH. */
  ffprobePath?: string;
  /** Used by every call that does not pass its own (observability is per invocation). */
  observability?: Observability;
  /** Platform-wide changes to {@link DEFAULT_GUARDRAILS}; tenants override on top, per call. */
  guardrails?: GuardrailOverrides;
  /** SIGTERM → SIGKILL grace for stopped processes. Default 2000. */
  killGraceMs?: number;
}

type Bound<T> = Omit<T, 'ffmpegPath' | 'ffprobePath'>;

/** ffmpeg/ffprobe with the binary paths, guardrails and observability already filled in. */
export interface FfmpegRuntime {
  readonly ffmpegPath: string;
  readonly ffprobePath: string;
  /** The platform guardrails (defaults merged with the runtime's overrides). */
  readonly guardrails: Guardrails;
  /** {@link probe} under the runtime's container allow-list. */
  probe(options: Bound<ProbeOptions>): Promise<ProbeSummary>;
  /** {@link probeAndCheck}; `guardrails` here are a tenant's overrides, which can only tighten the runtime's. */
  probeAndCheck(
    options: Omit<ProbeAndCheckOptions, 'ffprobePath' | 'guardrails'> & {
      guardrails?: GuardrailOverrides;
    },
  ): Promise<ProbeSummary>;
  /** {@link runFfmpeg}; inputs are allowed the runtime's containers unless the call says otherwise. */
  run(options: Bound<RunFfmpegOptions>): Promise<ProcessRun>;
  /** {@link runProcess} for other tools (pocketsphinx, …), with the runtime's observability. */
  runProcess(options: RunProcessOptions): Promise<ProcessRun>;
  /** {@link validateRuntime} for the runtime's binaries. */
  validate(options?: Bound<ValidateRuntimeOptions>): Promise<RuntimeReport>;
}

/**
 * Builds the runtime an app uses for every ffmpeg/ffprobe call, so binary paths and guardrails are
 * not threaded through every function. Options are validated here, once: a bad path or guardrail
 * fails at start-up, not in the middle of a job.
 *
 * @example
 * const config = loadConfig(); // reads FFMPEG_PATH / FFPROBE_PATH
 * const runtime = createFfmpegRuntime({ ffmpegPath: config.ffmpegPath, ffprobePath: config.ffprobePath });
 * const summary = await runtime.probeAndCheck({ input, guardrails: tenant.guardrails, observability });
 * await runtime.run({ operation: 'extract-audio-mp3', args: buildMp3Args({ input, output }), observability });
 */
export function createFfmpegRuntime({
  ffmpegPath = 'ffmpeg',
  ffprobePath = 'ffprobe',
  observability,
  guardrails: overrides,
  killGraceMs,
}: FfmpegRuntimeOptions = {}): FfmpegRuntime {
  assertBinaryPath(ffmpegPath, 'ffmpegPath');
  assertBinaryPath(ffprobePath, 'ffprobePath');
  if (killGraceMs !== undefined && (!Number.isInteger(killGraceMs) || killGraceMs < 0)) {
    throw new TypeError(`killGraceMs must be a non-negative integer, got ${killGraceMs}`);
  }
  const guardrails = resolveGuardrails(overrides);
  const allowedInputFormats = guardrails.allowedContainers;

  return Object.freeze({
    ffmpegPath,
    ffprobePath,
    guardrails,
    probe: (options) =>
      probe({
        allowedInputFormats,
        ...options,
        ffprobePath,
        observability: options.observability ?? observability,
      }),
    probeAndCheck: ({ guardrails: tenantOverrides, ...options }) =>
      probeAndCheck({
        ...options,
        ffprobePath,
        guardrails: tightenGuardrails(guardrails, tenantOverrides),
        observability: options.observability ?? observability,
      }),
    run: (options) =>
      runFfmpeg({
        allowedInputFormats,
        ...options,
        ffmpegPath,
        killGraceMs: options.killGraceMs ?? killGraceMs,
        observability: options.observability ?? observability,
      }),
    runProcess: (options) =>
      runProcess({
        ...options,
        killGraceMs: options.killGraceMs ?? killGraceMs,
        observability: options.observability ?? observability,
      }),
    validate: (options = {}) =>
      validateRuntime({
        ...options,
        ffmpegPath,
        ffprobePath,
        observability: options.observability ?? observability,
      }),
  } satisfies FfmpegRuntime);
}

function assertBinaryPath(path: unknown, role: string): void {
  if (typeof path !== 'string' || path.trim().length === 0 || path.includes('\0')) {
    throw new TypeError(`${role} must be a binary name or path, got ${JSON.stringify(path)}`);
  }
}
