import type { Observability } from '@reel/observability';
import { parseBuildConfiguration, parseEncoderNames, parseVersion } from './parse-tool-output';
import { runFfmpeg } from './run-ffmpeg';
import { runProcess } from './run-process';

/** Encoders every reel service relies on. */
export const REQUIRED_ENCODERS: readonly string[] = ['libx264', 'libmp3lame', 'libopus', 'aac'];

/** Options of {@link validateRuntime}. */
export interface ValidateRuntimeOptions {
  /** Default `ffmpeg` (found on PATH). */
  ffmpegPath?: string;
  /** Default `ffprobe` (found on PATH). */
  ffprobePath?: string;
  /** Default {@link REQUIRED_ENCODERS}. */
  requiredEncoders?: readonly string[];
  /** PATH for finding binaries given by name (see `buildChildEnv`). */
  searchPath?: string;
  signal?: AbortSignal;
  deadlineAtMs?: number;
  observability?: Observability;
}

/** What {@link validateRuntime} found. `ok` is true when every required encoder is present. */
export interface RuntimeReport {
  ffmpegVersion: string;
  ffprobeVersion: string;
  /** `ffmpeg -buildconf`, one configure flag per entry. */
  buildConfiguration: string[];
  encoders: { name: string; present: boolean }[];
  /** Names of the required encoders that are absent. */
  missing: string[];
  ok: boolean;
}

/**
 * Reports the ffmpeg and ffprobe versions, ffmpeg's build configuration and whether the required
 * encoders are present. A missing binary throws RuntimeMissingError (with advice naming
 * FFMPEG_PATH / FFPROBE_PATH); a missing encoder is reported, not thrown, so the validation app
 * can show the whole picture.
 *
 * @example
 * const report = await validateRuntime({ ffmpegPath: config.ffmpegPath });
 * if (!report.ok) logger.error('ffmpeg lacks encoders', { missing: report.missing });
 */
export async function validateRuntime({
  ffmpegPath = 'ffmpeg',
  ffprobePath = 'ffprobe',
  requiredEncoders = REQUIRED_ENCODERS,
  ...runOptions
}: ValidateRuntimeOptions = {}): Promise<RuntimeReport> {
  const ffmpeg = (operation: string, flag: string) =>
    runFfmpeg({ ...runOptions, ffmpegPath, operation, args: [flag], captureStdout: true });
  const [ffmpegVersion, buildconf, encoderList, ffprobeVersion] = await Promise.all([
    ffmpeg('validate-version', '-version'),
    ffmpeg('validate-buildconf', '-buildconf'),
    ffmpeg('validate-encoders', '-encoders'),
    runProcess({
      ...runOptions,
      tool: 'ffprobe',
      binaryPath: ffprobePath,
      operation: 'validate-version',
      args: ['-hide_banner', '-version'],
      captureStdout: true,
    }),
  ]);
  const available = new Set(parseEncoderNames(encoderList.stdout));
  const encoders = requiredEncoders.map((name) => ({ name, present: available.has(name) }));
  const missing = encoders.filter(({ present }) => !present).map(({ name }) => name);
  return {
    ffmpegVersion: parseVersion(ffmpegVersion.stdout) ?? 'unknown',
    ffprobeVersion: parseVersion(ffprobeVersion.stdout) ?? 'unknown',
    buildConfiguration: parseBuildConfiguration(buildconf.stdout),
    encoders,
    missing,
    ok: missing.length === 0,
  };
}
