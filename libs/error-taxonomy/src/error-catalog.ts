/**
 * The one table of error types reel knows. Codes are stable: manifests, API responses, metrics
 * (`Errors` by `ErrorType`) and Step Functions `Retry`/`Catch` blocks all key on them, so a code is
 * never renamed once shipped — add a new type instead.
 */
export const errorCatalog = {
  InputMissing: {
    title: 'Input missing',
    code: 'INPUT_MISSING',
    retryable: false,
    httpStatus: 404,
    advice:
      "Check that the input was uploaded under the job's input/ key and that the path or key is spelled exactly.",
  },
  CorruptInput: {
    title: 'Corrupt input',
    code: 'CORRUPT_INPUT',
    retryable: false,
    httpStatus: 422,
    advice:
      'The file is empty, truncated or not media at all. Re-export it from the source application and upload it again in full.',
  },
  UnsupportedMedia: {
    title: 'Unsupported media',
    code: 'UNSUPPORTED_MEDIA',
    retryable: false,
    httpStatus: 415,
    advice:
      'Upload a plain media file (MP4, MOV, MKV, WebM, MP3, WAV, M4A, FLAC, Ogg) with common codecs; playlists, concat lists and remote references are refused.',
  },
  GuardrailExceeded: {
    title: 'Guardrail exceeded',
    code: 'GUARDRAIL_EXCEEDED',
    retryable: false,
    // 422, not 413: the media is over a tenant limit (duration, resolution, streams, bytes) while
    // the request that named it may be tiny; 413 is PayloadTooLarge's, about the request's own bytes.
    httpStatus: 422,
    advice:
      "The input is larger than this tenant allows (bytes, duration, resolution or stream count). Trim or downscale it, or raise the tenant's guardrails.",
  },
  CodecMissing: {
    title: 'Codec missing',
    code: 'CODEC_MISSING',
    retryable: false,
    httpStatus: 500,
    advice:
      'The ffmpeg build lacks an encoder or decoder this step needs. Use the reel FFmpeg base image, or an ffmpeg built with libx264, libmp3lame, libopus and aac (check with `ffmpeg -encoders`).',
  },
  RuntimeMissing: {
    title: 'Runtime missing',
    code: 'RUNTIME_MISSING',
    retryable: false,
    httpStatus: 500,
    advice:
      'A required binary (ffmpeg, ffprobe, pocketsphinx) was not found. Install it (Debian: apt-get install -y ffmpeg) or point FFMPEG_PATH / FFPROBE_PATH at it.',
  },
  PermissionDenied: {
    title: 'Permission denied',
    code: 'PERMISSION_DENIED',
    retryable: false,
    httpStatus: 403,
    advice:
      "The process may not read the input or write the output. Check file permissions locally, or the function role's S3/DynamoDB policy on AWS.",
  },
  TmpExhausted: {
    title: 'Scratch space exhausted',
    code: 'TMP_EXHAUSTED',
    retryable: false,
    httpStatus: 507,
    advice:
      "Scratch space ran out. Raise the function's ephemeral storage, free disk space locally, or enable chunked processing for long inputs.",
  },
  Timeout: {
    title: 'Timed out',
    code: 'TIMEOUT',
    retryable: false,
    httpStatus: 504,
    advice:
      "The step ran out of time. Raise the step's timeout or memory (more memory means more CPU on Lambda), or shorten the input.",
  },
  Conflict: {
    title: 'Conflict',
    code: 'CONFLICT',
    retryable: true,
    httpStatus: 409,
    advice:
      'Someone else changed the record first. Re-read it and apply the change again (reel retries this by itself).',
  },
  Transient: {
    title: 'Temporary failure',
    code: 'TRANSIENT',
    retryable: true,
    httpStatus: 503,
    advice:
      "A temporary fault (throttling, network, a busy service). It is retried automatically; if it persists, check the service's health.",
  },
  InvalidRequest: {
    title: 'Invalid request',
    code: 'INVALID_REQUEST',
    retryable: false,
    httpStatus: 400,
    advice:
      'Fix the request as the message says (each parameter within its documented form and range), then send it again.',
  },
  ConfigInvalid: {
    title: 'Invalid configuration',
    code: 'CONFIG_INVALID',
    retryable: false,
    httpStatus: 500,
    advice:
      'Fix the named environment variable or option and start again; docs list every setting and its expected form.',
  },
  Internal: {
    title: 'Internal error',
    code: 'INTERNAL',
    retryable: false,
    httpStatus: 500,
    advice:
      "An unexpected failure inside reel. Report it with the job id and the stderr tail from the job's manifest.",
  },
  Unauthorized: {
    title: 'Unauthorized',
    code: 'UNAUTHORIZED',
    retryable: false,
    httpStatus: 401,
    advice:
      'Send a valid tenant API key as `Authorization: Bearer <key>`. Create one with `npx reel keys create --tenant <tenant>`; a revoked key stops working at once.',
  },
  NotFound: {
    title: 'Not found',
    code: 'NOT_FOUND',
    retryable: false,
    httpStatus: 404,
    advice:
      'Check the id and the path. Only the resources of the tenant whose key you send can be found.',
  },
  MethodNotAllowed: {
    title: 'Method not allowed',
    code: 'METHOD_NOT_ALLOWED',
    retryable: false,
    httpStatus: 405,
    advice: 'Use one of the methods listed in the Allow header of this response for this path.',
  },
  PayloadTooLarge: {
    title: 'Payload too large',
    code: 'PAYLOAD_TOO_LARGE',
    retryable: false,
    httpStatus: 413,
    advice:
      'The request body or the declared upload size is over the limit. Send less, or upload large files in parts (multipart upload).',
  },
  UnsupportedContentType: {
    title: 'Unsupported content type',
    code: 'UNSUPPORTED_CONTENT_TYPE',
    retryable: false,
    httpStatus: 415,
    advice:
      'Send the request body with a Content-Type this endpoint accepts (application/json for JSON endpoints).',
  },
  RateLimited: {
    title: 'Too many requests',
    code: 'RATE_LIMITED',
    retryable: true,
    httpStatus: 429,
    advice:
      'Too many requests are in flight. Wait the number of seconds in the Retry-After header, then send the request again.',
  },
  Cancelled: {
    title: 'Cancelled',
    code: 'CANCELLED',
    retryable: false,
    // 409: a cancelled run is a state of the resource that conflicts with what was asked of it
    // (its outputs, its completion); processing it again is a new request, not a retry.
    httpStatus: 409,
    advice:
      'The run was cancelled on request before it finished. Process the video again to start a new run.',
  },
} as const satisfies Record<string, ErrorDefinition>;

export interface ErrorDefinition {
  /** A short summary that is the same for every occurrence (RFC 9457 `title`). */
  title: string;
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
