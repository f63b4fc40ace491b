import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { ConfigInvalidError } from '@reel/error-taxonomy';
import { variableSpecs } from './config-variables';
import { resolveFontsDir } from './resolve-fonts-dir';
import type { ReelConfig } from './reel-config';

export interface LoadConfigOptions {
  /** Relative paths (`MEDIA_STORAGE_PATH`, `FFMPEG_PATH=./bin/ffmpeg`) resolve against this; default `process.cwd()`. */
  cwd?: string;
  /** Where the running code sits (the app bundle's folder); default this module's folder. Finds the default `REEL_FONTS_DIR`. */
  moduleDir?: string;
}

type Specs = typeof variableSpecs;
type Values = { [Key in keyof Specs]?: Specs[Key]['schema']['_zod']['output'] };
interface Problem {
  name: string;
  message: string;
}

const requiredOnAws = ['region', 'bucket', 'jobsTable'] as const;

/**
 * Reads reel's configuration from an environment map once, at start-up. Apps pass `process.env`;
 * the lib never reads it itself. Unset and empty variables take their documented defaults; every
 * missing or malformed variable is collected and reported together in one
 * {@link ConfigInvalidError} whose message names each variable and what it expects.
 *
 * @example
 * const config = loadConfig(process.env);
 * const storage = createStorageFromConfig(config); // from @reel/storage
 * if (config.backend === 'aws') logger.info('Using bucket', { bucket: config.bucket });
 */
export function loadConfig(
  env: Readonly<Record<string, string | undefined>>,
  { cwd = process.cwd(), moduleDir = import.meta.dirname }: LoadConfigOptions = {},
): ReelConfig {
  const { values, problems } = readVariables(env);
  if (values.backend === 'aws') {
    for (const key of requiredOnAws) {
      const { name, purpose } = variableSpecs[key];
      if (values[key] === undefined && !problems.some((problem) => problem.name === name)) {
        problems.push({ name, message: `${name} is required when REEL_BACKEND=aws (${purpose})` });
      }
    }
  }
  const mediaStoragePath = resolve(cwd, values.mediaStoragePath ?? './storage');
  const uploadPath =
    values.uploadPath === undefined
      ? defaultUploadPath(mediaStoragePath)
      : resolve(cwd, values.uploadPath);
  problems.push(...uploadAreaProblems({ values, mediaStoragePath, uploadPath }));
  if (problems.length > 0) throw configError(problems);

  const base = {
    env: values.env ?? 'dev',
    region: values.region ?? 'us-east-1',
    ffmpegPath: resolveCommand(values.ffmpegPath ?? 'ffmpeg', cwd),
    ffprobePath: resolveCommand(values.ffprobePath ?? 'ffprobe', cwd),
    fontsDir:
      values.fontsDir === undefined ? resolveFontsDir(moduleDir) : resolve(cwd, values.fontsDir),
    tracingEnabled: values.tracingEnabled ?? false,
    metricsNamespace: values.metricsNamespace ?? 'reel',
    logLevel: values.logLevel ?? 'INFO',
    transcription: Object.freeze({
      pocketsphinxPath: resolveCommand(values.pocketsphinxPath ?? 'pocketsphinx_continuous', cwd),
      pocketsphinxModelDir: values.pocketsphinxModelDir ?? '/usr/share/pocketsphinx/model/en-us',
      defaultProvider: values.transcriptionProvider ?? 'local',
    }),
  };
  const { bucket, jobsTable, s3Endpoint, dynamoDbEndpoint, publicBaseUrl, ladderParameter } =
    values;
  const { urlSigningSecret } = values;
  if (values.backend === 'aws' && bucket !== undefined && jobsTable !== undefined) {
    return Object.freeze({
      ...base,
      backend: 'aws',
      bucket,
      jobsTable,
      ...(s3Endpoint === undefined ? {} : { s3Endpoint }),
      ...(dynamoDbEndpoint === undefined ? {} : { dynamoDbEndpoint }),
      s3ForcePathStyle: values.s3ForcePathStyle ?? s3Endpoint !== undefined,
      ...(ladderParameter === undefined ? {} : { ladderParameter }),
      ...(values.uploadBucket === undefined ? {} : { uploadBucket: values.uploadBucket }),
      ...(values.stateMachineArn === undefined ? {} : { stateMachineArn: values.stateMachineArn }),
      ...(values.stepFunctionsEndpoint === undefined
        ? {}
        : { stepFunctionsEndpoint: values.stepFunctionsEndpoint }),
      ...(urlSigningSecret === undefined ? {} : { urlSigningSecret }),
    });
  }
  return Object.freeze({
    ...base,
    backend: 'local',
    mediaStoragePath,
    ...(publicBaseUrl === undefined ? {} : { publicBaseUrl }),
    ...(urlSigningSecret === undefined ? {} : { urlSigningSecret }),
    ...(values.localWorkflowUrl === undefined ? {} : { localWorkflowUrl: values.localWorkflowUrl }),
    uploadPath,
    ...(values.uploadPublicBaseUrl === undefined
      ? {}
      : { uploadPublicBaseUrl: values.uploadPublicBaseUrl }),
  });
}

/**
 * The local upload area when `REEL_UPLOAD_PATH` is unset: `uploads` beside the media root
 * (`/srv/reel/storage` → `/srv/reel/uploads`), so uploads and media never share a folder.
 *
 * @example
 * defaultUploadPath('/srv/reel/storage'); // → '/srv/reel/uploads'
 */
export function defaultUploadPath(mediaStoragePath: string): string {
  return join(dirname(resolve(mediaStoragePath)), 'uploads');
}

function isSameOrInside(path: string, folder: string): boolean {
  const fromFolder = relative(folder, path);
  return fromFolder === '' || (!fromFolder.startsWith('..') && !isAbsolute(fromFolder));
}

/**
 * Uploads expire (a lifecycle rule on S3, a sweep locally) and are written by clients: sharing a
 * bucket or folder with media would expire media or let an upload land among a job's outputs.
 */
function uploadAreaProblems({
  values,
  mediaStoragePath,
  uploadPath,
}: {
  values: Values;
  mediaStoragePath: string;
  uploadPath: string;
}): Problem[] {
  const problems: Problem[] = [];
  if (values.uploadBucket !== undefined && values.uploadBucket === values.bucket) {
    problems.push({
      name: 'REEL_UPLOAD_BUCKET',
      message: `REEL_UPLOAD_BUCKET must be a bucket other than REEL_BUCKET, got ${show(values.uploadBucket)} for both (${variableSpecs.uploadBucket.purpose})`,
    });
  }
  if (
    isSameOrInside(uploadPath, mediaStoragePath) ||
    isSameOrInside(mediaStoragePath, uploadPath)
  ) {
    problems.push({
      name: 'REEL_UPLOAD_PATH',
      message: `REEL_UPLOAD_PATH must be a folder outside MEDIA_STORAGE_PATH and not containing it, got ${show(uploadPath)} with the media root ${show(mediaStoragePath)} (${variableSpecs.uploadPath.purpose})`,
    });
  }
  return problems;
}

/** Parses every variable, including the other backend's, so a typo fails before a switch. */
function readVariables(env: Readonly<Record<string, string | undefined>>): {
  values: Values;
  problems: Problem[];
} {
  const values: Record<string, unknown> = {};
  const problems: Problem[] = [];
  for (const [key, spec] of Object.entries(variableSpecs)) {
    const raw = env[spec.name]?.trim();
    if (raw === undefined || raw === '') continue;
    const parsed = spec.schema.safeParse(raw);
    if (parsed.success) {
      values[key] = parsed.data;
    } else {
      problems.push({
        name: spec.name,
        message: `${spec.name} must be ${spec.expects}, got ${'secret' in spec ? `${raw.length} characters` : show(raw)} (${spec.purpose})`,
      });
    }
  }
  return { values: values as Values, problems };
}

/** A bare command stays a PATH lookup; a relative path with a separator becomes absolute. */
function resolveCommand(command: string, cwd: string): string {
  return command.includes('/') && !isAbsolute(command) ? resolve(cwd, command) : command;
}

function show(raw: string): string {
  return raw.length > 60 ? `${JSON.stringify(raw.slice(0, 60))}…` : JSON.stringify(raw);
}

function configError(problems: Problem[]): ConfigInvalidError {
  const names = [...new Set(problems.map(({ name }) => name))];
  const message =
    problems.length === 1
      ? `Invalid configuration: ${problems[0]?.message}`
      : `Invalid configuration (${problems.length} problems):\n${problems.map(({ message }) => `  - ${message}`).join('\n')}`;
  return new ConfigInvalidError(message, {
    details: { variables: names },
    advice: `Set or fix ${names.join(', ')} in the environment; libs/config/README.md lists every variable with its default.`,
  });
}
