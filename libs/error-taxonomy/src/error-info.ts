import { errorCatalog, type ErrorCode, type ErrorType } from './error-catalog';
import { errorClasses } from './errors';
import type { ErrorDetails, ReelError } from './reel-error';
import { toReelError } from './to-reel-error';

/**
 * A failure as plain data: what manifests store, Lambda handlers return and APIs answer with.
 * It never holds a stack trace.
 */
export interface ErrorInfo {
  type: ErrorType;
  code: ErrorCode;
  message: string;
  advice: string;
  retryable: boolean;
  httpStatus: number;
  details?: ErrorDetails;
}

/**
 * Plain data for any thrown value, safe to persist or send: no stack, no cause chain.
 *
 * @example
 * catch (error) { manifest.steps.audio.error = toErrorInfo(error) }
 */
export function toErrorInfo(error: unknown): ErrorInfo {
  const reelError = toReelError(error);
  const info: ErrorInfo = {
    type: reelError.type,
    code: reelError.code,
    message: reelError.message,
    advice: reelError.advice,
    retryable: reelError.retryable,
    httpStatus: reelError.httpStatus,
  };
  const details = withoutUndefined(reelError.details);
  if (Object.keys(details).length > 0) info.details = details;
  return info;
}

/**
 * Rebuilds a typed error from {@link ErrorInfo} (e.g. the `Cause` of a failed workflow task), so
 * code on the far side of a process boundary can branch on the class again.
 */
export function fromErrorInfo(
  info: Pick<ErrorInfo, 'type' | 'message'> & Partial<ErrorInfo>,
): ReelError {
  const type: ErrorType = info.type in errorCatalog ? info.type : 'Internal';
  return new errorClasses[type](info.message, { details: info.details, advice: info.advice });
}

function withoutUndefined(details: ErrorDetails): ErrorDetails {
  return Object.fromEntries(Object.entries(details).filter(([, value]) => value !== undefined));
}
