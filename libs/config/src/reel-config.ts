/** Every level Powertools Logger accepts, quietest last. */
export const logLevels = ['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR', 'CRITICAL', 'SILENT'] as const;
export type LogLevel = (typeof logLevels)[number];

/**
 * Deployment environment names (`dev`, `prod`, `pr-42`): the first segment of every object key, so
 * the storage key layout validates env segments with this same pattern.
 */
export const ENV_NAME_PATTERN = /^[a-z][a-z0-9-]{0,15}$/;

/** Where the transcription service finds its recognizer, and which provider it uses by default. */
export interface TranscriptionConfig {
  /** `POCKETSPHINX_PATH`: the `pocketsphinx_continuous` binary, on PATH or an absolute path. */
  pocketsphinxPath: string;
  /** `POCKETSPHINX_MODEL_DIR`: holds `en-us/` (acoustic model), `en-us.lm.bin`, `cmudict-en-us.dict`. */
  pocketsphinxModelDir: string;
  /** `TRANSCRIPTION_PROVIDER`: the provider when a job names none. */
  defaultProvider: 'local' | 'aws';
}

/** What every app needs whatever the backend. */
export interface ReelConfigBase {
  /** `REEL_ENV`: the deployment environment; first segment of every key. */
  env: string;
  /** `AWS_REGION`: required on AWS, `us-east-1` locally. */
  region: string;
  /** `FFMPEG_PATH`: a command found on `PATH` (`ffmpeg`) or an absolute path. */
  ffmpegPath: string;
  /** `FFPROBE_PATH`: a command found on `PATH` (`ffprobe`) or an absolute path. */
  ffprobePath: string;
  /** `REEL_FONTS_DIR`, absolute: the folder of the pinned font (see `resolveFontsDir`). */
  fontsDir: string;
  /** `ENABLE_XRAY`: trace with X-Ray. */
  tracingEnabled: boolean;
  /** `POWERTOOLS_METRICS_NAMESPACE`: the CloudWatch namespace of EMF metrics. */
  metricsNamespace: string;
  /** `LOG_LEVEL`, upper-cased. */
  logLevel: LogLevel;
  /** The transcription service's settings (other services ignore them). */
  transcription: TranscriptionConfig;
}

/** The embedded default: media in a folder, no AWS account. */
export interface LocalReelConfig extends ReelConfigBase {
  backend: 'local';
  /** `MEDIA_STORAGE_PATH`, absolute. */
  mediaStoragePath: string;
  /** `REEL_PUBLIC_BASE_URL` without a trailing slash: where the local API server serves media. */
  publicBaseUrl?: string;
  /** `REEL_URL_SIGNING_SECRET`: signs local media URLs; unset, storage keeps a generated one in the root. */
  urlSigningSecret?: string;
  /** `REEL_LOCAL_WORKFLOW_URL`: the local workflow endpoint runs start on (set by `reel serve`). */
  localWorkflowUrl?: string;
  /**
   * `REEL_UPLOAD_PATH`, absolute: the local upload area. `loadConfig` always sets it (default
   * `defaultUploadPath(mediaStoragePath)`); a config built by hand without it means that default.
   */
  uploadPath?: string;
  /** `REEL_UPLOAD_PUBLIC_BASE_URL` without a trailing slash: where the local API server serves the upload area. */
  uploadPublicBaseUrl?: string;
}

/** S3 + DynamoDB, on AWS or on S3/DynamoDB-compatible servers (s3rver, dynalite) via endpoints. */
export interface AwsReelConfig extends ReelConfigBase {
  backend: 'aws';
  /** `REEL_BUCKET`: the media bucket. */
  bucket: string;
  /** `REEL_UPLOAD_BUCKET`: the upload bucket (the video API needs it; never the media bucket). */
  uploadBucket?: string;
  /** `REEL_JOBS_TABLE`: the DynamoDB table of job manifests. */
  jobsTable: string;
  /** `REEL_S3_ENDPOINT`: an S3-compatible endpoint instead of AWS's. */
  s3Endpoint?: string;
  /** `REEL_DYNAMODB_ENDPOINT`: a DynamoDB-compatible endpoint instead of AWS's. */
  dynamoDbEndpoint?: string;
  /** `REEL_S3_FORCE_PATH_STYLE`: `http://host/bucket/key` instead of `http://bucket.host/key`. */
  s3ForcePathStyle: boolean;
  /** `REEL_LADDER_PARAMETER`: the SSM parameter of the platform's transcode ladder (JSON). */
  ladderParameter?: string;
  /** `REEL_STATE_MACHINE_ARN`: the processing state machine runs start on (the video API). */
  stateMachineArn?: string;
  /** `REEL_STEP_FUNCTIONS_ENDPOINT`: a Step Functions-compatible endpoint instead of AWS's. */
  stepFunctionsEndpoint?: string;
  /** `REEL_URL_SIGNING_SECRET`: signs the video API's stream playlist links (media URLs are presigned). */
  urlSigningSecret?: string;
}

/** The one typed configuration apps read at start-up with `loadConfig` and pass down. */
export type ReelConfig = LocalReelConfig | AwsReelConfig;
