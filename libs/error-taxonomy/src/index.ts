export { errorCatalog, errorTypes } from './error-catalog';
export type { ErrorCode, ErrorDefinition, ErrorType } from './error-catalog';
export { ReelError, isReelError } from './reel-error';
export type { ErrorDetails, ReelErrorOptions } from './reel-error';
export {
  CancelledError,
  CodecMissingError,
  ConfigInvalidError,
  ConflictError,
  CorruptInputError,
  GuardrailExceededError,
  InputMissingError,
  InternalError,
  InvalidRequestError,
  MethodNotAllowedError,
  NotFoundError,
  PayloadTooLargeError,
  PermissionDeniedError,
  RateLimitedError,
  RuntimeMissingError,
  TimeoutError,
  TmpExhaustedError,
  TransientError,
  UnauthorizedError,
  UnsupportedContentTypeError,
  UnsupportedMediaError,
  errorClasses,
} from './errors';
export type { MethodNotAllowedErrorOptions, RateLimitedErrorOptions } from './errors';
export { toReelError } from './to-reel-error';
export { RunLeaseConflictError } from './run-lease-conflict-error';
export { fromLambdaErrorName } from './from-lambda-error-name';
export { fromErrorInfo, toErrorInfo } from './error-info';
export type { ErrorInfo } from './error-info';
export {
  classifyProcessFailure,
  decodeErrorPatterns,
  isDecodeErrorLine,
  processFailurePatterns,
} from './process-failure';
export type { ProcessFailure, ProcessFailurePattern } from './process-failure';
export { problemContentType, toProblemDetails, toProblemResponse } from './problem-details';
export type { ProblemDetails, ProblemResponse, ToProblemDetailsOptions } from './problem-details';
