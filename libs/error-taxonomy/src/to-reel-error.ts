import type { ErrorType } from './error-catalog';
import { errorClasses } from './errors';
import { isReelError, type ReelError } from './reel-error';

// Node's errno codes and the AWS SDK's error names, each mapped once. Everything not listed is Internal.
const errnoTypes: Record<string, ErrorType> = {
  ENOENT: 'InputMissing',
  EACCES: 'PermissionDenied',
  EPERM: 'PermissionDenied',
  EROFS: 'PermissionDenied',
  ENOSPC: 'TmpExhausted',
  EDQUOT: 'TmpExhausted',
  ETIMEDOUT: 'Transient',
  ECONNRESET: 'Transient',
  ECONNREFUSED: 'Transient',
  EPIPE: 'Transient',
  EAI_AGAIN: 'Transient',
  EMFILE: 'Transient',
  EBUSY: 'Transient',
};

const awsErrorNameTypes: Record<string, ErrorType> = {
  NoSuchKey: 'InputMissing',
  NotFound: 'InputMissing',
  NoSuchBucket: 'ConfigInvalid',
  ResourceNotFoundException: 'ConfigInvalid',
  AccessDenied: 'PermissionDenied',
  AccessDeniedException: 'PermissionDenied',
  Forbidden: 'PermissionDenied',
  PreconditionFailed: 'Conflict',
  ConditionalCheckFailedException: 'Conflict',
  ThrottlingException: 'Transient',
  ProvisionedThroughputExceededException: 'Transient',
  RequestLimitExceeded: 'Transient',
  SlowDown: 'Transient',
  ServiceUnavailable: 'Transient',
  InternalError: 'Transient',
  RequestTimeout: 'Transient',
  TimeoutError: 'Transient',
};

interface ErrorLike {
  name?: unknown;
  code?: unknown;
  message?: unknown;
  $retryable?: unknown;
}

/**
 * Turns any thrown value into a {@link ReelError}: a ReelError passes through unchanged; Node system
 * errors and AWS SDK errors map by errno code or error name; anything else becomes `Internal`.
 * The original is kept as `cause`.
 *
 * @example
 * try { await readFile(path) } catch (error) { throw toReelError(error) }
 */
export function toReelError(error: unknown): ReelError {
  if (isReelError(error)) return error;
  const errorLike: ErrorLike = typeof error === 'object' && error !== null ? error : {};
  const message =
    typeof errorLike.message === 'string' && errorLike.message.length > 0
      ? errorLike.message
      : String(error);
  const type = classify(errorLike);
  const reelError = new errorClasses[type](message, { cause: error });
  foreignMessageErrors.add(reelError);
  return reelError;
}

// Errors whose message was copied from a foreign exception (an SDK, Node, a TypeError): fine in
// logs and manifests, never in an HTTP response, where it could leak paths, hosts or internals.
const foreignMessageErrors = new WeakSet<ReelError>();

/** True when `toReelError` wrapped a non-reel exception and its message is that exception's. */
export function hasForeignMessage(error: ReelError): boolean {
  return foreignMessageErrors.has(error);
}

function classify({ name, code, $retryable }: ErrorLike): ErrorType {
  if (name === 'AbortError') return 'Timeout';
  if (typeof code === 'string' && code in errnoTypes) return errnoTypes[code] as ErrorType;
  if (typeof name === 'string' && name in awsErrorNameTypes)
    return awsErrorNameTypes[name] as ErrorType;
  if ($retryable) return 'Transient';
  return 'Internal';
}
