export { errorCatalog, errorTypes } from './error-catalog';
export type { ErrorCode, ErrorDefinition, ErrorType } from './error-catalog';
export { ReelError, isReelError } from './reel-error';
export type { ErrorDetails, ReelErrorOptions } from './reel-error';
export {
  CodecMissingError,
  ConfigInvalidError,
  ConflictError,
  CorruptInputError,
  GuardrailExceededError,
  InputMissingError,
  InternalError,
  InvalidRequestError,
  PermissionDeniedError,
  RuntimeMissingError,
  TimeoutError,
  TmpExhaustedError,
  TransientError,
  UnsupportedMediaError,
  errorClasses,
} from './errors';
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
