import type { ErrorType } from './error-catalog';
import { ReelError, type ReelErrorOptions } from './reel-error';

// One class per catalog entry so callers can `throw new CorruptInputError(...)` and `catch` by class.

/** The input file or object does not exist. */
export class InputMissingError extends ReelError {
  constructor(message: string, options?: ReelErrorOptions) {
    super('InputMissing', message, options);
  }
}

/** The input is empty, truncated or not decodable media. */
export class CorruptInputError extends ReelError {
  constructor(message: string, options?: ReelErrorOptions) {
    super('CorruptInput', message, options);
  }
}

/** The input's container, codec or protocol is not on the allow-list. */
export class UnsupportedMediaError extends ReelError {
  constructor(message: string, options?: ReelErrorOptions) {
    super('UnsupportedMedia', message, options);
  }
}

/** The input exceeds a tenant guardrail (bytes, duration, resolution, streams). */
export class GuardrailExceededError extends ReelError {
  constructor(message: string, options?: ReelErrorOptions) {
    super('GuardrailExceeded', message, options);
  }
}

/** The ffmpeg build lacks a required encoder or decoder. */
export class CodecMissingError extends ReelError {
  constructor(message: string, options?: ReelErrorOptions) {
    super('CodecMissing', message, options);
  }
}

/** A required binary (ffmpeg, ffprobe, pocketsphinx) is not installed or not executable. */
export class RuntimeMissingError extends ReelError {
  constructor(message: string, options?: ReelErrorOptions) {
    super('RuntimeMissing', message, options);
  }
}

/** Reading the input or writing an output was refused (EACCES, S3 AccessDenied). */
export class PermissionDeniedError extends ReelError {
  constructor(message: string, options?: ReelErrorOptions) {
    super('PermissionDenied', message, options);
  }
}

/** Scratch space ran out (ENOSPC). */
export class TmpExhaustedError extends ReelError {
  constructor(message: string, options?: ReelErrorOptions) {
    super('TmpExhausted', message, options);
  }
}

/** The work did not finish before its deadline and was stopped. */
export class TimeoutError extends ReelError {
  constructor(message: string, options?: ReelErrorOptions) {
    super('Timeout', message, options);
  }
}

/** An optimistic write lost against a newer version; re-read and try again. */
export class ConflictError extends ReelError {
  constructor(message: string, options?: ReelErrorOptions) {
    super('Conflict', message, options);
  }
}

/** A temporary fault (throttling, network, busy service); safe to retry. */
export class TransientError extends ReelError {
  constructor(message: string, options?: ReelErrorOptions) {
    super('Transient', message, options);
  }
}

/** A request or id is malformed (e.g. a tenant id with a path separator). */
export class InvalidRequestError extends ReelError {
  constructor(message: string, options?: ReelErrorOptions) {
    super('InvalidRequest', message, options);
  }
}

/** Configuration is missing or malformed. */
export class ConfigInvalidError extends ReelError {
  constructor(message: string, options?: ReelErrorOptions) {
    super('ConfigInvalid', message, options);
  }
}

/** An unexpected failure inside reel. */
export class InternalError extends ReelError {
  constructor(message: string, options?: ReelErrorOptions) {
    super('Internal', message, options);
  }
}

/** The request carries no API key, a malformed one, or one that is unknown or revoked. */
export class UnauthorizedError extends ReelError {
  constructor(message: string, options?: ReelErrorOptions) {
    super('Unauthorized', message, options);
  }
}

/** The addressed resource (video, episode, key, route) does not exist for this tenant. */
export class NotFoundError extends ReelError {
  constructor(message: string, options?: ReelErrorOptions) {
    super('NotFound', message, options);
  }
}

export interface MethodNotAllowedErrorOptions extends ReelErrorOptions {
  /** The methods the path does accept; HTTP requires them in the `Allow` header of a 405. */
  allowedMethods?: string[];
}

/** The path exists but not for this HTTP method. */
export class MethodNotAllowedError extends ReelError {
  readonly allowedMethods: string[];

  constructor(message: string, options: MethodNotAllowedErrorOptions = {}) {
    const { allowedMethods, ...reelOptions } = options;
    const fromDetails = reelOptions.details?.['allowedMethods'];
    const methods = allowedMethods ?? (Array.isArray(fromDetails) ? fromDetails : []);
    super('MethodNotAllowed', message, {
      ...reelOptions,
      details: { ...reelOptions.details, allowedMethods: methods },
    });
    this.allowedMethods = methods;
  }
}

/** The request body, or the upload size it declares, is over a limit. */
export class PayloadTooLargeError extends ReelError {
  constructor(message: string, options?: ReelErrorOptions) {
    super('PayloadTooLarge', message, options);
  }
}

/** The request body's Content-Type is not one the endpoint accepts (not the media's format). */
export class UnsupportedContentTypeError extends ReelError {
  constructor(message: string, options?: ReelErrorOptions) {
    super('UnsupportedContentType', message, options);
  }
}

export interface RateLimitedErrorOptions extends ReelErrorOptions {
  /** Whole seconds the client should wait before trying again (the `Retry-After` header). */
  retryAfterSec?: number;
}

const defaultRetryAfterSec = 1;

/** A limit on requests or concurrent work refused this one for now; try again after a pause. */
export class RateLimitedError extends ReelError {
  readonly retryAfterSec: number;

  constructor(message: string, options: RateLimitedErrorOptions = {}) {
    const { retryAfterSec, ...reelOptions } = options;
    // Kept in details too, so the value survives toErrorInfo → fromErrorInfo.
    const fromDetails = reelOptions.details?.['retryAfterSec'];
    const seconds = wholeSecondsAtLeastOne(
      retryAfterSec ?? (typeof fromDetails === 'number' ? fromDetails : defaultRetryAfterSec),
    );
    super('RateLimited', message, {
      ...reelOptions,
      details: { ...reelOptions.details, retryAfterSec: seconds },
    });
    this.retryAfterSec = seconds;
  }
}

// Retry-After takes whole seconds; 0 would invite an immediate retry storm.
function wholeSecondsAtLeastOne(seconds: number): number {
  return Number.isFinite(seconds) ? Math.max(1, Math.ceil(seconds)) : defaultRetryAfterSec;
}

/** A run was stopped on request before it finished. */
export class CancelledError extends ReelError {
  constructor(message: string, options?: ReelErrorOptions) {
    super('Cancelled', message, options);
  }
}

/** The class for each error type, for rebuilding errors from data (see `fromErrorInfo`). */
export const errorClasses = {
  InputMissing: InputMissingError,
  CorruptInput: CorruptInputError,
  UnsupportedMedia: UnsupportedMediaError,
  GuardrailExceeded: GuardrailExceededError,
  CodecMissing: CodecMissingError,
  RuntimeMissing: RuntimeMissingError,
  PermissionDenied: PermissionDeniedError,
  TmpExhausted: TmpExhaustedError,
  Timeout: TimeoutError,
  Conflict: ConflictError,
  Transient: TransientError,
  InvalidRequest: InvalidRequestError,
  ConfigInvalid: ConfigInvalidError,
  Internal: InternalError,
  Unauthorized: UnauthorizedError,
  NotFound: NotFoundError,
  MethodNotAllowed: MethodNotAllowedError,
  PayloadTooLarge: PayloadTooLargeError,
  UnsupportedContentType: UnsupportedContentTypeError,
  RateLimited: RateLimitedError,
  Cancelled: CancelledError,
} as const satisfies Record<
  ErrorType,
  new (message: string, options?: ReelErrorOptions) => ReelError
>;
