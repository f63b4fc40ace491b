import {
  InternalError,
  classifyProcessFailure,
  toReelError,
  type ReelError,
} from '@reel/error-taxonomy';
import type { Observability } from '@reel/observability';
import { execa, type Result } from 'execa';
import { buildChildEnv } from './child-env';
import { createLineSplitter } from './line-splitter';
import { traceProcessRun } from './process-telemetry';
import { StderrTail, type StderrTailLimits } from './stderr-tail';

/** What to run and how long it may take. One options object for every tool reel runs. */
export interface RunProcessOptions {
  /** Short name for messages, metrics and traces: `ffmpeg`, `ffprobe`, `pocketsphinx_continuous`. */
  tool: string;
  /** Path or bare name (looked up on PATH) of the binary. */
  binaryPath: string;
  /** The argv after the binary. Passed as an array to the OS: never through a shell. */
  args: readonly string[];
  /** What reel is doing, e.g. `extract-audio-mp3`; the `Operation` dimension of the metric. */
  operation: string;
  /** Stops the process (SIGTERM, then SIGKILL after `killGraceMs`); the run fails with TimeoutError. */
  signal?: AbortSignal;
  /** Same as `signal`, at a wall-clock instant (epoch milliseconds), e.g. the Lambda deadline. */
  deadlineAtMs?: number;
  /** How long a stopped process gets to exit after SIGTERM before SIGKILL. Default 2000. */
  killGraceMs?: number;
  /** Receives each line of stdout as it arrives (e.g. `-progress pipe:1` blocks). */
  onStdoutLine?: (line: string) => void;
  /**
   * Receives each line of stderr as it arrives, all of them (the kept tail is bounded), e.g. to
   * count decode errors. `\r` ends a line too (ffmpeg's stats line).
   */
  onStderrLine?: (line: string) => void;
  /** Keep stdout and return it (e.g. ffprobe's JSON), up to `maxStdoutChars`. Default false. */
  captureStdout?: boolean;
  /** Beyond this much captured stdout the process is stopped and the run fails. Default 16 MiB. */
  maxStdoutChars?: number;
  /** How much stderr to keep for errors and traces. Default: last 40 lines / 8 KiB. */
  stderrTail?: StderrTailLimits;
  /**
   * stderr that means the run failed although the process exited 0 (ffmpeg 5.1 exits 0 when it
   * cannot write an output's trailer or close it, e.g. on a full disk).
   */
  failsDespiteExitZero?: RegExp;
  /** Run as another user, e.g. an unprivileged one for hostile inputs (needs root or CAP_SETUID). */
  runAs?: { uid: number; gid: number };
  /** Working directory of the process. Default: the current one. */
  cwd?: string;
  /** PATH of the child. Default {@link DEFAULT_SEARCH_PATH}; the parent's environment is never inherited. */
  searchPath?: string;
  /** Variables a tool needs beyond PATH, locale, TMPDIR and HOME (see `buildChildEnv`). */
  env?: Readonly<Record<string, string>>;
  /** Metrics, logs and traces; everything works without it. */
  observability?: Observability;
}

/** A finished run. Failures never return: they throw a taxonomy error. */
export interface ProcessRun {
  /** The argv that ran, binary first. */
  argv: string[];
  /** Captured stdout; empty unless `captureStdout` was set. */
  stdout: string;
  stderrTail: string;
  durationMs: number;
}

const DEFAULT_KILL_GRACE_MS = 2000;
const DEFAULT_MAX_STDOUT_CHARS = 16 * 1024 * 1024;

/**
 * Runs one child process through execa with an argv array (never a shell) and a minimal
 * environment of its own (`buildChildEnv`: nothing inherited, so no credentials), stops it at its
 * deadline or abort (SIGTERM, then SIGKILL after a grace period), keeps a bounded stderr tail,
 * times it (`FFmpegExecTime`, dimension Operation) and traces it when observability is given, and
 * turns every failure into a taxonomy error via `classifyProcessFailure`: a missing binary is
 * RuntimeMissingError, a deadline or abort is TimeoutError, stderr patterns decide the rest.
 *
 * @example
 * const { stdout } = await runProcess({
 *   tool: 'pocketsphinx_continuous',
 *   binaryPath: 'pocketsphinx_continuous',
 *   args: ['-infile', '/tmp/job/audio.wav'],
 *   operation: 'transcribe',
 *   captureStdout: true,
 *   deadlineAtMs: Date.now() + context.getRemainingTimeInMillis() - 5_000,
 * });
 */
export async function runProcess(options: RunProcessOptions): Promise<ProcessRun> {
  const { tool, binaryPath, args, operation, signal, deadlineAtMs, observability } = options;
  if (!Array.isArray(args) || args.some((arg) => typeof arg !== 'string')) {
    throw new TypeError(`args of ${tool} must be an array of strings`);
  }
  const argv = [binaryPath, ...args];
  const remainingMs = deadlineAtMs === undefined ? undefined : deadlineAtMs - Date.now();
  if (signal?.aborted || (remainingMs !== undefined && remainingMs <= 0)) {
    throw classifyProcessFailure({ tool, operation, stderrTail: '', timedOut: true, binaryPath });
  }
  return traceProcessRun(observability, { tool, operation, argv }, async (report) => {
    const { stdout, stderrTail, durationMs, failure, spawned } = await execute(
      options,
      remainingMs,
    );
    if (spawned) report({ durationMs, stderrTail });
    if (failure) throw failure;
    return { argv, stdout, stderrTail, durationMs };
  });
}

async function execute(options: RunProcessOptions, remainingMs: number | undefined) {
  const {
    binaryPath,
    args,
    signal,
    killGraceMs = DEFAULT_KILL_GRACE_MS,
    onStdoutLine,
    onStderrLine,
    captureStdout = false,
    maxStdoutChars = DEFAULT_MAX_STDOUT_CHARS,
    runAs,
    cwd,
    searchPath,
    env,
  } = options;
  const startedMs = performance.now();
  const tail = new StderrTail(options.stderrTail);
  const subprocess = execa(binaryPath, args, {
    stdin: 'ignore',
    buffer: false,
    reject: false,
    cancelSignal: signal,
    timeout: remainingMs,
    killSignal: 'SIGTERM',
    forceKillAfterDelay: killGraceMs,
    uid: runAs?.uid,
    gid: runAs?.gid,
    cwd,
    extendEnv: false,
    env: buildChildEnv({ searchPath, extra: env }),
  });

  let stdout = '';
  let stdoutOverflow = false;
  // A throwing callback must not crash the process from a stream handler: stop the run, rethrow it.
  let callbackError: unknown;
  const guarded = (callback: (line: string) => void) => (line: string) => {
    if (callbackError !== undefined) return;
    try {
      callback(line);
    } catch (error) {
      callbackError = error;
      subprocess.kill();
    }
  };
  const lines = onStdoutLine ? createLineSplitter(guarded(onStdoutLine)) : undefined;
  const stderrLines = onStderrLine
    ? createLineSplitter(guarded(onStderrLine), { lineBreak: /\r\n|\r|\n/ })
    : undefined;
  subprocess.stdout?.setEncoding('utf8');
  subprocess.stdout?.on('data', (chunk: string) => {
    lines?.push(chunk);
    if (!captureStdout || stdoutOverflow) return;
    stdout += chunk;
    if (stdout.length > maxStdoutChars) {
      stdoutOverflow = true;
      stdout = '';
      subprocess.kill();
    }
  });
  subprocess.stderr?.setEncoding('utf8');
  subprocess.stderr?.on('data', (chunk: string) => {
    tail.push(chunk);
    stderrLines?.push(chunk);
  });

  const result = await subprocess;
  lines?.end();
  stderrLines?.end();
  const stderrTail = tail.text();
  return {
    stdout,
    stderrTail,
    durationMs: performance.now() - startedMs,
    spawned: subprocess.pid !== undefined,
    failure:
      callbackError !== undefined
        ? toReelError(callbackError)
        : describeFailure(options, result, { stderrTail, stdoutOverflow }),
  };
}

function describeFailure(
  {
    tool,
    operation,
    binaryPath,
    maxStdoutChars = DEFAULT_MAX_STDOUT_CHARS,
    failsDespiteExitZero,
  }: RunProcessOptions,
  result: Result,
  { stderrTail, stdoutOverflow }: { stderrTail: string; stdoutOverflow: boolean },
): ReelError | undefined {
  if (stdoutOverflow) {
    return new InternalError(
      `${tool} (${operation}) wrote more than ${maxStdoutChars} characters to stdout`,
      {
        details: { tool, operation, maxStdoutChars },
      },
    );
  }
  if (!result.failed && !failsDespiteExitZero?.test(stderrTail)) return undefined;
  const neverStarted =
    result.failed && result.exitCode === undefined && result.signal === undefined;
  return classifyProcessFailure({
    tool,
    operation,
    exitCode: result.exitCode,
    signal: result.signal,
    stderrTail,
    timedOut: result.timedOut || result.isCanceled,
    spawnErrorCode: neverStarted ? result.code : undefined,
    binaryPath,
  });
}
