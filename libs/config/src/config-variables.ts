import * as z from 'zod';
import { ENV_NAME_PATTERN, logLevels } from './reel-config';

/** One environment variable reel reads: what it is for, what it accepts, its default. */
export interface ConfigVariable {
  name: string;
  /** What the value is for; closes every message about the variable. */
  purpose: string;
  /** What a valid value looks like; used in "must be …" messages. */
  expects: string;
  /** The documented default when unset; absent when there is none. */
  defaultValue?: string;
  /** Set when the variable must be present for `REEL_BACKEND=aws`. */
  requiredWhen?: 'aws';
  /** A secret: messages about it never show its value. */
  secret?: true;
}

interface VariableSpec<Value> extends ConfigVariable {
  schema: z.ZodType<Value>;
}

const httpUrl = z.url({ protocol: /^https?$/ }).transform((url) => url.replace(/\/+$/, ''));
const flag = z
  .string()
  .toLowerCase()
  .pipe(z.enum(['true', 'false']))
  .transform((value) => value === 'true');
const command = z.string().regex(/^[^\0\r\n]+$/);

/** Every variable, by the field of the config it fills. */
export const variableSpecs = {
  backend: {
    name: 'REEL_BACKEND',
    purpose: 'where media and job state live: local files or AWS',
    expects: '"local" or "aws"',
    defaultValue: 'local',
    schema: z.enum(['local', 'aws']),
  } satisfies VariableSpec<'local' | 'aws'>,
  env: {
    name: 'REEL_ENV',
    purpose: 'the deployment environment, first segment of every object key',
    expects: `1–16 lower-case letters, digits or "-", starting with a letter (${ENV_NAME_PATTERN.source})`,
    defaultValue: 'dev',
    schema: z.string().regex(ENV_NAME_PATTERN),
  } satisfies VariableSpec<string>,
  mediaStoragePath: {
    name: 'MEDIA_STORAGE_PATH',
    purpose: 'the root folder of the local media store',
    expects: 'a folder path',
    defaultValue: './storage (resolved against the working directory)',
    schema: command,
  } satisfies VariableSpec<string>,
  publicBaseUrl: {
    name: 'REEL_PUBLIC_BASE_URL',
    purpose: 'the base of media URLs served by the local API server',
    expects: 'an http(s) URL such as http://127.0.0.1:3000/media',
    schema: httpUrl,
  } satisfies VariableSpec<string>,
  urlSigningSecret: {
    name: 'REEL_URL_SIGNING_SECRET',
    purpose:
      'the HMAC key of the signed media URLs the local object handler serves and of the video API’s stream playlist links (locally and on AWS)',
    expects: '32–512 printable ASCII characters without spaces (e.g. `openssl rand -base64 32`)',
    defaultValue: 'generated once and kept in {MEDIA_STORAGE_PATH}/.reel/url-signing-secret (0600)',
    secret: true,
    schema: z.string().regex(/^[\x21-\x7e]{32,512}$/),
  } satisfies VariableSpec<string>,
  uploadPath: {
    name: 'REEL_UPLOAD_PATH',
    purpose:
      'the root folder of the local upload area, where clients PUT files before a video is processed',
    expects: 'a folder path outside MEDIA_STORAGE_PATH',
    defaultValue: 'uploads beside MEDIA_STORAGE_PATH (./uploads with the default ./storage)',
    schema: command,
  } satisfies VariableSpec<string>,
  uploadPublicBaseUrl: {
    name: 'REEL_UPLOAD_PUBLIC_BASE_URL',
    purpose: 'the base of upload URLs served by the local API server (reel serve mounts /uploads)',
    expects: 'an http(s) URL such as http://127.0.0.1:8080/uploads',
    schema: httpUrl,
  } satisfies VariableSpec<string>,
  bucket: {
    name: 'REEL_BUCKET',
    purpose: 'the S3 bucket for media',
    expects: 'an S3 bucket name: 3–63 lower-case letters, digits, "." or "-"',
    requiredWhen: 'aws',
    schema: z.string().regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/),
  } satisfies VariableSpec<string>,
  uploadBucket: {
    name: 'REEL_UPLOAD_BUCKET',
    purpose:
      'the S3 bucket clients upload into before a video is processed (objects expire by lifecycle); needed by the video API',
    expects:
      'an S3 bucket name other than REEL_BUCKET: 3–63 lower-case letters, digits, "." or "-"',
    schema: z.string().regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/),
  } satisfies VariableSpec<string>,
  jobsTable: {
    name: 'REEL_JOBS_TABLE',
    purpose: 'the DynamoDB table of job manifests',
    expects: 'a DynamoDB table name: 3–255 letters, digits, "_", "-" or "."',
    requiredWhen: 'aws',
    schema: z.string().regex(/^[A-Za-z0-9_.-]{3,255}$/),
  } satisfies VariableSpec<string>,
  region: {
    name: 'AWS_REGION',
    purpose: 'the AWS region of the bucket and table',
    expects: 'an AWS region such as us-east-1 or eu-central-1',
    defaultValue: 'us-east-1 when REEL_BACKEND=local',
    requiredWhen: 'aws',
    schema: z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d{1,2}$/),
  } satisfies VariableSpec<string>,
  s3Endpoint: {
    name: 'REEL_S3_ENDPOINT',
    purpose: 'an S3-compatible endpoint (s3rver) used instead of AWS',
    expects: 'an http(s) URL such as http://127.0.0.1:4568',
    schema: httpUrl,
  } satisfies VariableSpec<string>,
  dynamoDbEndpoint: {
    name: 'REEL_DYNAMODB_ENDPOINT',
    purpose: 'a DynamoDB-compatible endpoint (dynalite) used instead of AWS',
    expects: 'an http(s) URL such as http://127.0.0.1:4567',
    schema: httpUrl,
  } satisfies VariableSpec<string>,
  s3ForcePathStyle: {
    name: 'REEL_S3_FORCE_PATH_STYLE',
    purpose: 'path-style S3 URLs (http://host/bucket/key), which S3-compatible servers need',
    expects: '"true" or "false"',
    defaultValue: 'true when REEL_S3_ENDPOINT is set, else false',
    schema: flag,
  } satisfies VariableSpec<boolean>,
  ladderParameter: {
    name: 'REEL_LADDER_PARAMETER',
    purpose:
      "the SSM parameter holding the platform's transcode ladder (JSON transcode options) on AWS",
    expects: 'an SSM parameter name such as /reel/prod/ladder',
    defaultValue: 'none: the transcode options’ own defaults',
    schema: z.string().regex(/^\/[A-Za-z0-9_.\-/]{1,1010}$/),
  } satisfies VariableSpec<string>,
  stateMachineArn: {
    name: 'REEL_STATE_MACHINE_ARN',
    purpose: 'the Step Functions state machine the video API starts and stops processing runs on',
    expects:
      'a state machine ARN such as arn:aws:states:us-east-1:123456789012:stateMachine:reel-dev',
    schema: z
      .string()
      .regex(/^arn:aws[a-z-]*:states:[a-z0-9-]+:\d{12}:stateMachine:[A-Za-z0-9_-]{1,80}$/),
  } satisfies VariableSpec<string>,
  stepFunctionsEndpoint: {
    name: 'REEL_STEP_FUNCTIONS_ENDPOINT',
    purpose: 'a Step Functions-compatible endpoint (moto_server) used instead of AWS',
    expects: 'an http(s) URL such as http://127.0.0.1:5000',
    schema: httpUrl,
  } satisfies VariableSpec<string>,
  localWorkflowUrl: {
    name: 'REEL_LOCAL_WORKFLOW_URL',
    purpose:
      'where the local backend starts and stops processing runs (reel serve sets it for its hosts)',
    expects: 'an http(s) URL such as http://127.0.0.1:8080/_reel/workflow/executions',
    schema: httpUrl,
  } satisfies VariableSpec<string>,
  ffmpegPath: {
    name: 'FFMPEG_PATH',
    purpose: 'the ffmpeg binary',
    expects: 'a command on PATH or a path to the binary',
    defaultValue: 'ffmpeg (found on PATH)',
    schema: command,
  } satisfies VariableSpec<string>,
  ffprobePath: {
    name: 'FFPROBE_PATH',
    purpose: 'the ffprobe binary',
    expects: 'a command on PATH or a path to the binary',
    defaultValue: 'ffprobe (found on PATH)',
    schema: command,
  } satisfies VariableSpec<string>,
  fontsDir: {
    name: 'REEL_FONTS_DIR',
    purpose:
      'the folder of the pinned font (DejaVuSans.ttf) that burnt-in subtitles and labels use',
    expects: 'a folder path',
    defaultValue:
      "fonts/ beside the app bundle when it exists, else the repo's libs/ffmpeg-runtime/assets/fonts",
    schema: command,
  } satisfies VariableSpec<string>,
  tracingEnabled: {
    name: 'ENABLE_XRAY',
    purpose: 'tracing with AWS X-Ray',
    expects: '"true" or "false"',
    defaultValue: 'false',
    schema: flag,
  } satisfies VariableSpec<boolean>,
  pocketsphinxPath: {
    name: 'POCKETSPHINX_PATH',
    purpose: 'the pocketsphinx_continuous binary of the local transcription provider',
    expects: 'a command on PATH or a path to the binary',
    defaultValue: 'pocketsphinx_continuous (found on PATH)',
    schema: command,
  } satisfies VariableSpec<string>,
  pocketsphinxModelDir: {
    name: 'POCKETSPHINX_MODEL_DIR',
    purpose: 'the folder holding en-us/ (acoustic model), en-us.lm.bin and cmudict-en-us.dict',
    expects: 'an absolute folder path',
    defaultValue: '/usr/share/pocketsphinx/model/en-us',
    schema: z.string().regex(/^\/[^\0\r\n]*$/),
  } satisfies VariableSpec<string>,
  transcriptionProvider: {
    name: 'TRANSCRIPTION_PROVIDER',
    purpose:
      'the transcription provider when a job names none (the Lambda image carries no pocketsphinx, so deployments set aws)',
    expects: '"local" or "aws"',
    defaultValue: 'local',
    schema: z.enum(['local', 'aws']),
  } satisfies VariableSpec<'local' | 'aws'>,
  metricsNamespace: {
    name: 'POWERTOOLS_METRICS_NAMESPACE',
    purpose: 'the CloudWatch namespace of EMF metrics',
    expects: 'a CloudWatch namespace: 1–255 letters, digits, spaces or . _ / # : -',
    defaultValue: 'reel',
    schema: z.string().regex(/^[A-Za-z0-9 ._/#:-]{1,255}$/),
  } satisfies VariableSpec<string>,
  logLevel: {
    name: 'LOG_LEVEL',
    purpose: 'the lowest log level written',
    expects: `one of ${logLevels.join(', ')} (any case)`,
    defaultValue: 'INFO',
    schema: z.string().toUpperCase().pipe(z.enum(logLevels)),
  } satisfies VariableSpec<(typeof logLevels)[number]>,
};

/**
 * The documented table of every environment variable `loadConfig` reads, in README order: useful
 * for `--help` output and for checking a deployment's environment.
 *
 * @example
 * for (const { name, defaultValue } of configVariables) console.log(name, defaultValue ?? '—');
 */
export const configVariables: readonly ConfigVariable[] = Object.freeze(
  Object.values(variableSpecs).map(({ schema: _schema, ...variable }) => Object.freeze(variable)),
);
