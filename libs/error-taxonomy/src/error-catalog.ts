/**
 * The one table of error types reel knows. Codes are stable: manifests, API responses, metrics
 * (`Errors` by `ErrorType`) and Step Functions `Retry`/`Catch` blocks all key on them, so a code is
 * never renamed once shipped — add a new type instead.
 */
export const errorCatalog = {
  InputMissing: {
    code: 'INPUT_MISSING',
    retryable: false,
    httpStatus: 404,
    advice:
      "Check that the input was uploaded under the job's input/ key and that the path or key is spelled exactly.",
  },
  CorruptInput: {
    code: 'CORRUPT_INPUT',
    retryable: false,
    httpStatus: 422,
    advice:
      'The file is empty, truncated or not media at all. Re-export it from the source application and upload it again in full.',
  },
  UnsupportedMedia: {
    code: 'UNSUPPORTED_MEDIA',
    retryable: false,
    httpStatus: 415,
    advice:
      'Upload a plain media file (MP4, MOV, MKV, WebM, MP3, WAV, M4A, FLAC, Ogg) with common codecs; playlists, concat lists and remote references are refused.',
  },
  GuardrailExceeded: {
    code: 'GUARDRAIL_EXCEEDED',
    retryable: false,
    httpStatus: 413,
    advice:
      "The input is larger than this tenant allows (bytes, duration, resolution or stream count). Trim or downscale it, or raise the tenant's guardrails.",
  },
  CodecMissing: {
    code: 'CODEC_MISSING',
    retryable: false,
    httpStatus: 500,
    advice:
      'The ffmpeg build lacks an encoder or decoder this step needs. Use the reel FFmpeg base image, or an ffmpeg built with libx264, libmp3lame, libopus and aac (check with `ffmpeg -encoders`).',
  },
  RuntimeMissing: {
    code: 'RUNTIME_MISSING',
    retryable: false,
    httpStatus: 500,
    advice:
      'A required binary (ffmpeg, ffprobe, pocketsphinx) was not found. Install it (Debian: apt-get install -y ffmpeg) or point FFMPEG_PATH / FFPROBE_PATH at it.',
  },
  PermissionDenied: {
    code: 'PERMISSION_DENIED',
    retryable: false,
    httpStatus: 403,
    advice:
      "The process may not read the input or write the output. Check file permissions locally, or the function role's S3/DynamoDB policy on AWS.",
  },
  TmpExhausted: {
    code: 'TMP_EXHAUSTED',
    retryable: false,
    httpStatus: 507,
    advice:
      "Scratch space ran out. Raise the function's ephemeral storage, free disk space locally, or enable chunked processing for long inputs.",
  },
  Timeout: {
    code: 'TIMEOUT',
    retryable: false,
    httpStatus: 504,
    advice:
      "The step ran out of time. Raise the step's timeout or memory (more memory means more CPU on Lambda), or shorten the input.",
  },
  Conflict: {
    code: 'CONFLICT',
    retryable: true,
    httpStatus: 409,
    advice:
      'Someone else changed the record first. Re-read it and apply the change again (reel retries this by itself).',
  },
  Transient: {
    code: 'TRANSIENT',
    retryable: true,
    httpStatus: 503,
    advice:
      "A temporary fault (throttling, network, a busy service). It is retried automatically; if it persists, check the service's health.",
  },
  InvalidRequest: {
    code: 'INVALID_REQUEST',
    retryable: false,
    httpStatus: 400,
    advice:
      'Fix the request as the message says (each parameter within its documented form and range), then send it again.',
  },
  ConfigInvalid: {
    code: 'CONFIG_INVALID',
    retryable: false,
    httpStatus: 500,
    advice:
      'Fix the named environment variable or option and start again; docs list every setting and its expected form.',
  },
  Internal: {
    code: 'INTERNAL',
    retryable: false,
    httpStatus: 500,
    advice:
      "An unexpected failure inside reel. Report it with the job id and the stderr tail from the job's manifest.",
  },
} as const satisfies Record<string, ErrorDefinition>;

export interface ErrorDefinition {
  /** Stable machine-readable code, SCREAMING_SNAKE_CASE. */
  code: string;
  /** Whether doing the same thing again may succeed. Only these are retried anywhere in reel. */
  retryable: boolean;
  /** The status an HTTP API answers with for this type. */
  httpStatus: number;
  /** What a user can do about it, in one or two sentences. */
  advice: string;
}

/** The name of an error type, e.g. `CorruptInput`. The error class is this name plus `Error`. */
export type ErrorType = keyof typeof errorCatalog;

/** The stable code of an error type, e.g. `CORRUPT_INPUT`. */
export type ErrorCode = (typeof errorCatalog)[ErrorType]['code'];

/** Every error type, in catalog order. */
export const errorTypes = Object.keys(errorCatalog) as ErrorType[];
